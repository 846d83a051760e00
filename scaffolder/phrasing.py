"""How a request reads inside the plan's sentences: the action its user wants ("I want to …"),
whom it names, and whether it reports a problem rather than asking for something.

Requests arrive in many shapes: imperatives ("Add a CSV export"), noun phrases ("Query history"),
wishes ("I want to…", "Can you…", "It would be nice to…"), labels ("Bug: …") and reports
("Deleting a recipe doesn't remove it"). Each becomes a verb phrase that fits "I want to ___" and
"a direct way to ___", in the case the requester wrote it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from rules.intents import split_title
from rules.terms import actor_span

IMPERATIVES = frozenset("""add allow build change clean create delete display download edit enable export filter fix
migrate refactor rewrite upgrade
generate hide implement import improve increase let load make move open preview remove rename replace
reset save search select send set show sort store support switch toggle track turn update upload use
validate view""".split())

# Verbs a request opens with besides IMPERATIVES (which `prose.main_noun` also leaves out of a
# subject). Words as often nouns at the head of a title (`Group Chat`, `Link Preview`, `Test
# Coverage`) are not here: they count as verbs only before a determiner ("Duplicate the row").
_OPENING_VERBS = frozenset("""animate archive assign attach cancel combine compare connect convert copy disable
drag expand highlight host integrate mark merge monitor notify paginate persist pin publish refresh register
reorder restore retry schedule sync translate undo accept apply authenticate bring collapse customise customize
debounce deduplicate dedupe define describe detect document embed ensure explain fetch give hydrate include
introduce invite keep localise localize optimise optimize parse populate prevent protect prune put reduce reload
remember render reorganise reorganize resize simplify speed stream submit summarise summarize truncate verify
visualise visualize""".split())
_VERBS = IMPERATIVES | _OPENING_VERBS
# Verbs as often the head of a noun phrase: a verb unless a UI noun or an -ing word follows.
_NOUN_OR_VERB = frozenset("share tag print rate bookmark star favorite favourite plot".split())
_UI_NOUNS = frozenset("""button buttons dialog menu link links icon icons page panel modal view screen tab section bar
widget component form field list""".split())
_DETERMINERS = frozenset("a an the my our your their his her its this that these those some any every each".split())
_VERB_PREFIXES = frozenset("auto re pre bulk batch un".split())
_PRONOUNS = frozenset("me us you them him her it people everyone anyone".split())
# Whom a report can name as unable to do something: "Users can't delete notes".
_PEOPLE = frozenset("""i we users people customers admins administrators members visitors guests students teachers
readers writers editors authors players clients employees analysts developers engineers managers researchers
traders buyers sellers shoppers patients doctors cooks""".split())
# Words a Title Case title leaves in lower case: they do not make it read as a sentence.
_SMALL = frozenset("""a an and as at by for in of on or the to via with from into onto over upon without within
across under after before than that this when while between through versus about against along around behind
below beside beyond during except inside near since toward towards until""".split())

# Ways of asking that wrap the request itself: "Can you add…", "I want to export…", "Bug: …".
_ASKING = re.compile(r"""^(?:
    (?:feature|bug|fix|hotfix|patch|chore|feat|task|story|enhancement|request|issue|docs|refactor|todo|idea)\s*:\s*
  | please\s*,?\s+
  | (?:can|could|would|will)\s+(?:you|we|someone)\s+(?:please\s+)?
  | as\s+an?\s+[\w-]+(?:\s+[\w-]+){0,2}?\s*,?\s*(?:i|we)(?:\s+(?:want|need|would\s+like)|'d\s+like)\s+to\s+
  | (?:i|we)(?:\s+(?:want|need|would\s+like)|'d\s+like)\s+to\s+
  | (?:we\s+)?need\s+to\s+
  | it\s+would\s+be\s+(?:nice|great|good|useful|helpful|cool)\s+to\s+
  | (?:we\s+)?need\s+(?:a\s+way|the\s+ability)\s+to\s+
  | (?:(?:add\s+)?(?:the|an?)\s+)?(?:ability|option|way)\s+to\s+
)""", re.I | re.X)
_WANTING = re.compile(r"^(?:as\s+an?\s+[\w-]+(?:\s+[\w-]+){0,2}?\s*,?\s*)?"
                      r"(?:i|we)(?:\s+(?:want|need|would\s+like)|'d\s+like)\s+(?!to\s)", re.I)
_AS_A = re.compile(r"^as\s+an?\s+([a-z][\w-]*(?:\s+[\w-]+){0,2}?)\s*,?\s*(?:i|we)\s", re.I)
# "Can users upload photos?": a question whose subject is whom it is for.
_CAN_THEY = re.compile(r"^(?:can|could)\s+(\w+)\s+(?=\w)", re.I)
# "Tag books with genres so that I can browse by genre": what the request is for.
_PURPOSE = re.compile(r",?\s+so\s+(?:that\s+|(?=(?:i|we|they|users?|it|you)\s))", re.I)
_BUG_LABEL = re.compile(r"^(?:bug|fix|issue)\s*:", re.I)

# What makes a title a report: a finite verb saying what is (not) happening.
_NEGATIONS = frozenset("doesn't don't didn't won't can't cannot isn't aren't wasn't weren't shouldn't".split())
_NEGATED_PAIRS = frozenset({("does", "not"), ("do", "not"), ("did", "not"), ("will", "not"), ("can", "not"),
                            ("is", "not"), ("are", "not"), ("was", "not"), ("were", "not")})
_ABILITY = frozenset({"can't", "cannot", "can"})
_MODALS = frozenset({"should", "must"})
_FAILING = frozenset({"fails", "failed", "fail", "crashes", "crashed", "breaks", "errors"})
_GOING = {"disappear": "stay", "disappears": "stay", "disappeared": "stay", "vanish": "stay", "vanishes": "stay",
          "freezes": "respond", "froze": "respond", "hangs": "respond", "hung": "respond"}
_BE = frozenset({"is", "are", "was", "were"})
_COPULAS = _BE | {"gets", "keeps", "stays", "shows", "returns", "happens", "displays"}
# What a thing reported as broken, slow or missing should do instead.
_BROKEN = {"broken": "work", "wrong": "work", "incorrect": "work", "buggy": "work", "slow": "run fast",
           "missing": "appear", "hidden": "appear", "invisible": "appear"}
_TROUBLE = frozenset({"error", "errors", "crash", "exception", "failure", "bug", "problem", "issue"})
_CLAUSE_WORDS = frozenset("that which who whose when whenever where if so because while unless until".split())
_WHEN = frozenset({"when", "while", "on", "after", "during", "for"})


@dataclass(frozen=True, slots=True)
class Request:
    """A title as the plan words it: `action` fits "I want to ___"; `report` is True when the
    title says what goes wrong instead of asking for something; `who` is whom a report names
    ("Users can't delete notes" → `user`)."""
    action: str
    report: bool
    who: str | None = None
    purpose: str = ""


def action(feature: str) -> str:
    """`Add a button that exports X` → `add a button that exports X`; a noun phrase such as
    `Query history` → `use the query history`; `Let readers rate a book` → `rate a book`;
    `Can you add a logout button?` → `add a logout button`."""
    return read(feature).action


def is_report(feature: str) -> bool:
    """Whether the title reports a problem ("Sorting by date is broken") rather than asks."""
    return read(feature).report


def purpose(feature: str) -> str:
    """What the request says it is for: "… so that I can browse by genre" → `I can browse by genre`."""
    return read(feature).purpose


def title(feature: str) -> str:
    """The title as the plan names the feature: without a label ("Feature: "), the way it is asked
    ("Can you …") or what it is for ("… so that …"): "Can you add a search box?" → `add a search box`."""
    return _asked(first_line(feature).rstrip(".!?: "))[0] or first_line(feature)


def reported(feature: str) -> str:
    """A report as a sentence, without its label: "Bug: the stats panel shows wrong totals" →
    `The stats panel shows wrong totals`."""
    said = title(feature)
    return said[:1].upper() + said[1:]


def mid_sentence(sentence: str) -> str:
    """A sentence as it reads after a colon or inside brackets: `Deleting a book fails` →
    `deleting a book fails`; an acronym or a name stays (`SQL checks reject…`, `GitHub sign-in…`)."""
    first, space, rest = sentence.partition(" ")
    return _lowered(first) + space + rest


@lru_cache(maxsize=256)
def read(feature: str) -> Request:
    whole = first_line(feature).rstrip(".!?: ")
    line, why = _asked(whole)
    said = _read_request(line)
    # "Bug: the stats panel…" is a report whatever its wording.
    return replace(said, report=said.report or bool(_BUG_LABEL.match(whole)),
                   purpose=" ".join(_running_words(why)) if why else "")


def _asked(line: str) -> tuple[str, str]:
    """The request as asked, and what it is for: "Please tag books so that I can browse" →
    ("tag books", "I can browse")."""
    asked, *why = _PURPOSE.split(_unwrapped(line), maxsplit=1)
    return asked.rstrip(",;:.!? "), why[0] if why else ""


def _read_request(line: str) -> Request:
    if not line:
        return Request("use this feature", False)
    they = _CAN_THEY.match(line)
    if they and they.group(1).lower() in _PEOPLE:  # "Can users upload photos?"
        who = None if they.group(1).lower() in ("i", "we") else singular(they.group(1).lower())
        return Request(" ".join(_running_words(line[they.end():])), False, who)
    wanting = _WANTING.match(line)
    if wanting:  # "I want a dark mode" → "have a dark mode"
        return Request(" ".join(["have"] + _running_words(line[wanting.end():])), False)
    words = _running_words(re.sub(r"^support\s+for\s+", "use ", line, flags=re.I))  # "Support for X": use X
    span = actor_span(words[:3])
    if span:  # "Let readers delete a note" → "delete a note"
        return Request(" ".join(words[span[1]:]) or "use this feature", False)
    verb_first = _opens_with_verb(words)
    reported = _reported(words, 2 if verb_first else len(words))  # "Export fails on…": a noun after all
    if verb_first and reported is None:
        return Request(" ".join(_users_act(words)), False)
    if reported is not None:
        return reported
    return Request(" ".join(["use" if words[0] in _DETERMINERS else "use the"] + words), False)


# Verbs of building something for the user, and what is built: "Add a button that exports the list"
# asks for what the user then does, "export the list".
_BUILDING = frozenset("add create build implement introduce provide include".split())
_ARTEFACTS = _UI_NOUNS | frozenset("option toggle switch shortcut control checkbox dropdown selector card".split())
_LINKS = frozenset("that which to for".split())
# What the app does that the user does not: it shows, the user sees.
_SEEN = {"show": "see", "display": "see"}


def _users_act(words: list[str]) -> list[str]:
    """What the user does, for a request that says what the developer builds: "add a button that
    exports the book list" → `export the book list`, "add a toggle to switch themes" → `switch
    themes`, "add a logout button" → `have a logout button`, "show reading statistics" → `see reading
    statistics`; other words as they are."""
    if words and words[0].lower() in _SEEN:
        return [_SEEN[words[0].lower()]] + words[1:]
    if len(words) < 4 or words[0].lower() not in _BUILDING:
        return words
    start = 2 if words[1].lower() in ("a", "an", "the") else 1
    if start == 2 and words[-1].lower() in _ARTEFACTS and len(words) <= start + 4:  # "add a logout button"
        return ["have"] + words[1:]
    head = next((at for at in range(start, min(start + 3, len(words) - 2)) if words[at].lower() in _ARTEFACTS), None)
    if head is None or words[head + 1].lower() not in _LINKS:
        return words
    verb = _verb_of(words[head + 2].lower(), words[head + 1].lower())
    return [_SEEN.get(verb, verb)] + words[head + 3:] if verb else words


def _verb_of(word: str, link: str) -> str | None:
    """The verb after `link`: "that exports" → `export`, "to switch" → `switch`, "for exporting" →
    `export`; None when the word is not a known verb in the form the link asks for."""
    if link == "to":
        return word if word in _VERBS else None
    if link == "for":
        return _infinitive(word)
    for base in (word[:-1], word[:-2], word[:-3] + "y" if word.endswith("ies") else ""):
        if word.endswith("s") and base in _VERBS:
            return base
    return None


_THIRD_PERSON = {"my": "their", "mine": "theirs", "me": "them", "myself": "themselves", "our": "their",
                 "ours": "theirs", "us": "them", "ourselves": "themselves"}


def third_person(action_words: str) -> str:
    """An action as said of the user: "export my trades" → "export their trades"."""
    return " ".join(_THIRD_PERSON.get(w, w) for w in action_words.split(" "))


def actor(feature: str) -> str | None:
    """Whom the request opens by naming, singular: "Let readers rate a book" → `reader`,
    "As an admin, I want to…" → `admin`."""
    line = first_line(feature)
    as_a = _AS_A.match(line)
    if as_a:
        *kind, noun = as_a.group(1).lower().split()
        return " ".join(kind + [singular(noun)])
    who = read(feature).who
    if who:
        return who
    words = line.split()
    if not actor_span(words[:3]) or not words[1].isalpha() or words[1].lower() in _PRONOUNS:
        return None
    return singular(words[1].lower())


def singular(noun: str) -> str:
    """`readers` → `reader`, `classes` → `class`, `coaches` → `coach`, `parties` → `party`."""
    if noun.endswith(("sses", "ches", "shes", "xes")):
        return noun[:-2]
    if noun.endswith("ies") and len(noun) > 4:
        return noun[:-3] + "y"
    return noun[:-1] if noun.endswith("s") and not noun.endswith("ss") else noun


def first_line(text: str) -> str:
    return split_title(text)[0]


def code_like(word: str) -> bool:
    """Identifiers, paths and acronyms keep their case: `sql_processor`, `exportCSV`, `JSON`."""
    return any(c in word for c in "_./\\`()[]{}") or any(c.isupper() for c in word[1:]) or (
        word.isupper() and len(word) > 1)


def _unwrapped(line: str) -> str:
    """The request without the way it is asked: "Please, can you add X" → "add X"."""
    line = line.replace("\u2019", "'")
    while True:
        match = _ASKING.match(line)
        if not match or match.end() == len(line):
            return line.strip()
        line = line[match.end():]


def _running_words(line: str) -> list[str]:
    """The words as they read mid-sentence. A title in Title Case is lowered word by word; in a
    sentence-case title a capitalised word is a name and stays ("Export results to Excel"), as
    does anything quoted."""
    words = line.split()
    names_kept = any(w[:1].islower() and w.isalpha() and len(w) > 3 and w not in _SMALL for w in words[1:])
    out, quoted = [], False
    for i, word in enumerate(words):
        opens = word[:1] in "\"'`\u201c\u2018"
        in_quotes = quoted or opens
        closes = word[-1:] in "\"'`\u201d\u2019" and (len(word) > 1 or not opens)
        quoted = in_quotes and not closes
        keep = in_quotes or (names_kept and i > 0 and word[:1].isupper()) or word == "I" or word.startswith("I'")
        out.append(word if keep else _lowered(word))
    return out


def _lowered(word: str) -> str:
    """A word in running text: `Real-Time` → `real-time`, `LLM-Based` → `LLM-based`; identifiers,
    acronyms and codes (`exportCSV`, `AND/OR`, `P/L`, `US-BT-001`) as written."""
    pieces = re.split(r"([-/])", word)
    words = [w for w in pieces[::2] if w]
    if len(pieces) == 1 or not all(w.isalpha() or w.isdigit() for w in words):
        return word if code_like(word) else word.lower()
    if all(w.isupper() or w.isdigit() for w in words) or any(code_like(w) and not w.isupper() for w in words):
        return word
    return "".join(p if p.isupper() and len(p) > 1 else p.lower() for p in pieces)


def _opens_with_verb(words: list[str]) -> bool:
    """`Mark a task as done`, `Compare backtest results`, `Auto-create a block`: not `Query history`,
    nor `Export of tables` (a verb before "of" heads a noun phrase)."""
    first = words[0]
    parts = first.split("-")
    verbs = _VERBS | _NOUN_OR_VERB
    if len(words) > 1 and words[1] == "of":
        return False
    gerund = first.endswith("ing") and len(first) > 5  # "Deleting a recipe…" is a subject, not an order
    if first in _NOUN_OR_VERB and (len(words) == 1 or words[1] in _UI_NOUNS or words[1].endswith("ing")):
        return False  # "Share button", "Rate limiting"
    return (first in verbs or (len(words) > 1 and words[1] in _DETERMINERS and not gerund)
            or (len(parts) == 2 and parts[0] in _VERB_PREFIXES and parts[1] in verbs)
            or (_opens_phrasal(words) and not set(words[2:3]) & _UI_NOUNS))  # not "Sign up page"


# Verbs that open a request only with their particle: "Sign in with GitHub", "Log out everywhere".
_PHRASAL = {"sign": frozenset({"in", "up", "out"}), "log": frozenset({"in", "out"}),
            "opt": frozenset({"in", "out"})}


def _opens_phrasal(words: list[str]) -> bool:
    return len(words) > 1 and words[1].lower() in _PHRASAL.get(words[0].lower(), ())


def without_phrasal_verb(words: list[str]) -> list[str]:
    """`words` less an opening verb that needs its particle: "Sign in with GitHub" → `with GitHub`."""
    return words[2:] if _opens_phrasal(words) else words


def _reported(words: list[str], within: int) -> Request | None:
    """What a title that says how things are asks for, or None when it does not say so. A defect
    is a report: "Sorting by date is broken" → `have sorting by date work`, "Error when uploading a
    CSV" → `upload a CSV without an error`, and one no pattern reads stays quoted. A wish is not:
    "Books should be sortable" → `make books sortable`. Only a verb among the first `within` words
    and before a clause ("… when the upload is too large") counts."""
    bare = [w.lower().strip(",;") for w in words]
    if bare[0] in _TROUBLE and len(bare) > 2 and bare[1] in _WHEN:
        infinitive = _infinitive(bare[2])
        if infinitive:
            return Request(" ".join([infinitive] + words[3:] + ["without an error"]), True)
    for at in range(1, min(within, len(bare))):
        if bare[at] in _CLAUSE_WORDS:
            return None
        said = _said_at(words, bare, at)
        if said is not None:
            return said
    return None


def _said_at(words: list[str], bare: list[str], at: int) -> Request | None:
    """What the title asks for if its finite verb is the word `at`, else None."""
    subject, rest, word = " ".join(words[:at]), words[at + 1:], bare[at]
    pair = (word, bare[at + 1]) if at + 1 < len(bare) else None
    if word in _NEGATIONS or pair in _NEGATED_PAIRS:
        rest = rest[1:] if pair in _NEGATED_PAIRS else rest
        if rest and rest[0].lower() in ("working", "work"):
            return Request(_working(subject, rest[1:]), True)
        if rest and rest[0].lower() in ("be", "get", "been"):
            done = _base_verb(rest[1].lower()) if len(rest) > 1 and word in _ABILITY else None
            if done:  # "Books can't be deleted" → "delete books"
                return Request(" ".join([done, subject[:1].lower() + subject[1:]] + rest[2:]), True)
            return Request(f"have {subject} {' '.join(rest[1:])}".rstrip(), True)
        if at == 1 and bare[0] in _PEOPLE and rest:  # "Users can't delete notes": the users want to
            return Request(" ".join(rest), True, None if bare[0] in ("i", "we") else singular(bare[0]))
        return Request(f"have {subject} {' '.join(rest)}".rstrip() if rest else _working(subject, []), True)
    if word in _MODALS or (word in ("needs", "need") and pair and pair[1] == "to"):
        rest = rest[1:] if word in ("needs", "need") else rest
        if rest and rest[0].lower() == "be" and len(rest) > 1:
            verb = "have" if rest[1].lower().endswith(("ed", "en")) else "make"
            return Request(f"{verb} {subject} {' '.join(rest[1:])}", False)
        return Request(f"have {subject} {' '.join(rest)}".rstrip(), False)
    if word in _GOING:  # "Favorites disappear after reload"
        return Request(_working(subject, rest, _GOING[word]), True)
    if pair and pair[1] == "slowly" and word.endswith("s") and at > 0:  # "The page loads slowly"
        return Request(f"have {subject} {word[:-1]} fast {' '.join(rest[1:])}".rstrip(), True)
    if word in _FAILING:
        if rest and rest[0].lower() == "to" and len(rest) > 1:
            return Request(f"have {subject} {' '.join(rest[1:])}", True)
        return Request(_working(subject, rest), True)
    if word in _COPULAS or word.endswith("n't"):
        wrong = rest[0].lower() if rest else ""
        if wrong in ("wrong", "incorrect") and word not in _BE:  # "Stats panel shows wrong totals"
            return Request(f"have {subject} {word[:-1]} the right {' '.join(rest[1:])}".rstrip(), True)
        if wrong in _BROKEN:
            return Request(_working(subject, rest[1:], _BROKEN[wrong]), True)
        if rest[:2] and wrong == "not" and rest[1].lower() == "working":
            return Request(_working(subject, rest[2:]), True)
        return Request(f"have this addressed: \u201c{_sentence(words)}\u201d", True)
    return None


def _working(subject: str, rest: list[str], should: str = "work") -> str:
    return f"have {subject} {should}" + (f" {' '.join(rest)}" if rest else "")


def _infinitive(gerund: str) -> str | None:
    """`uploading` → `upload`, `saving` → `save`, `clicking` → `click`; None for a word it cannot read
    as one (`running`: its doubled consonant could be the verb's own, as in `rolling`)."""
    if not gerund.endswith("ing") or len(gerund) < 6:
        return None
    base = gerund[:-3]
    for candidate in (base, base + "e", base[:-1]):
        if candidate in _VERBS:
            return candidate
    consonants = [c for c in base[-2:] if c not in "aeiouy"]
    return base if len(consonants) == 2 and base[-1] != base[-2] else None  # `clicking`, not `running`


def _base_verb(participle: str) -> str | None:
    """`deleted` → `delete`, `uploaded` → `upload`, `copied` → `copy`, `dropped` → `drop`; None when
    it is not a participle of a known verb."""
    if not participle.endswith("ed"):
        return None
    stem = participle[:-2]
    return next((v for v in (participle[:-1], stem, stem[:-1] + "y", stem[:-1]) if v in _VERBS), None)


def _sentence(words: list[str]) -> str:
    text = " ".join(words)
    return text[:1].upper() + text[1:]
