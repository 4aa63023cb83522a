"""How ordinary English looks, to tell prose from a recovery phrase.

About a third of the BIP39 list is everyday English ("have", "about", "this",
"strong", "project", "team", ...). A real phrase is 12 to 24 words drawn
uniformly from all 2048, so only a few of them are common English words; a
sentence that happens to be a long run of list words is made almost only of
them, and mostly of the very commonest. These are general English word
lists in rough order of frequency (the usual corpus lists, e.g. COCA, plus
chat fillers), not lists tuned to BIP39: `phrases` intersects them with the
word list at import.
"""
from __future__ import annotations

# the ~60 commonest words of English, and chat fillers
MOST_FREQUENT = frozenset("""
the be and of a in to have it i that for you he with on do say this they at but we his from not
by she or as what go their can who get if would her all my make about know will up one time
there year so think when which them some me people take out please thanks thank sure okay ok
yeah hey hi hello guys pls is are was were been has had did does got am im
""".split())

# the rest of the ~150 commonest
FREQUENT = frozenset("""
into just see him your come could now than like other how then its our two more these want way
look first also new because day use no man find here thing give many well only those tell very
even back any good woman through us life child work down may after should call world over school
still try last ask need too feel three state never become between high really something most
another family own leave put old while mean keep student why let great same big group begin lot
maybe
""".split()) - MOST_FREQUENT

# the next ~750 words of everyday English
EVERYDAY = frozenset("""
seem country help talk where turn problem every start hand might american show part against
place such again few case week company system each right program hear question during play
government run small number off always move night live point believe hold today bring happen
next without before large million must home under water room write mother area national money
story young fact month different study book eye job word though business issue side kind four
head far black long both little house yes since provide service around friend important father
sit away until power hour game often yet line political end among ever stand bad lose however
member pay law meet car city almost include continue set later community much name five once
white least president learn real change team minute best several idea kid body information
nothing ago lead social understand whether watch together follow parent stop face anything
create public already speak others read level allow add office spend door health person art war
history party within grow result open morning walk reason low win research girl guy early food
moment himself air teacher force offer enough education across although remember foot second boy
toward able age policy everything love process music including consider appear actually buy
probably human wait serve market die send expect sense build stay fall oh nation plan cut
college interest death course someone experience behind reach local kill six remain effect
suggest class control raise care perhaps late hard field else pass former sell major sometimes
require along development themselves report role better economic effort decide rate strong
possible heart drug leader light voice wife whole police mind finally pull return free military
price less according decision explain son hope develop view relationship carry town road drive
arm true federal break difference receive value international building action full model join
season society tax director position player agree especially record pick wear paper special
space ground form support event official whose matter everyone center couple site project hit
base activity star table court produce eat teach oil half situation easy cost industry figure
street image itself phone either data cover quite picture clear practice piece land recent
describe product doctor wall patient worker news test movie certain north personal simply third
technology catch step baby computer type attention draw film tree source red nearly organization
choose cause hair century evidence window difficult listen soon culture billion chance brother
energy period summer realize hundred available plant likely opportunity term short letter
condition choice single rule daughter administration south husband floor campaign material
population economy medical hospital church close thousand risk current fire future wrong involve
defense anyone increase security bank myself certainly west sport board seek per subject officer
private rest behavior deal performance fight throw top quickly past goal bed order author fill
represent focus foreign drop blood upon agency push nature color recently store reduce sound
note fine near movement page enter share common poor natural race concern series significant
similar hot language usually response dead rise animal factor decade article shoot east save
seven artist scene stock career despite central eight thus treatment beyond happy exactly
protect approach lie size dog fund serious occur media ready sign thought list individual simple
quality pressure accept answer resource identify left meeting determine prepare disease whatever
success argue cup particularly amount ability staff recognize indicate character growth loss
degree wonder attack herself region television box training pretty trade election everybody
physical lay general feeling standard bill message fail outside arrive analysis benefit forward
lawyer present section environmental glass skill sister professor operation financial crime
stage compare authority miss design sort act ten knowledge gun station blue strategy clearly
discuss indeed truth song example democratic check environment leg dark various rather laugh
guess executive prove hang entire rock forget claim remove manager enjoy network legal religious
cold final main science green memory card above seat cell establish nice trial expert spring
firm radio visit management avoid imagine tonight huge ball finish yourself theory impact
respond statement maintain charge popular traditional onto reveal direction weapon employee
cultural contain peace pain apply measure wide shake fly interview manage chair fish particular
camera structure politics perform bit weight suddenly discover candidate production treat trip
evening affect inside conference unit style adult worry range mention deep front edge specific
writer trouble necessary throughout challenge fear shoulder institution middle sea dream bar
beautiful property instead improve stuff
""".split()) - FREQUENT - MOST_FREQUENT
