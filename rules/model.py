"""Rules as loaded from the packs, and the ranked choices they produce."""
from __future__ import annotations

from dataclasses import dataclass

from analyzers.model import Route

# A pack's `libraries` entry containing this says the rule's part needs no new library.
NO_LIBRARY = "no new library"


@dataclass(frozen=True, slots=True)
class Example:
    """A feature text and the files a rule should help choose in one fixture app."""

    fixture: str
    feature: str
    expect: tuple[str, ...]
    absent: tuple[str, ...] = ()  # files the rule must keep out of the plan


@dataclass(frozen=True, slots=True)
class Variant:
    """What a rule adds to a plan when the title also says one of `keywords` (stemmed phrases):
    a PDF export has other edge cases and needs a library a CSV export does not. The variants a
    title selects replace the rule's own lists, merged; a list none of them fills stays the rule's."""

    keywords: tuple[tuple[str, ...], ...]
    edge_cases: tuple[str, ...] = ()
    acceptance: tuple[str, ...] = ()
    libraries: tuple[str, ...] = ()
    # Roles left alone when the client already calls a route whose parameters are annotated with
    # one of `route_takes` (`rules.served.sent_as_is`): a new file format for an upload the app
    # already takes changes how the server reads files, not how the client sends them.
    left_alone: tuple[str, ...] = ()
    route_takes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Rule:
    """One intent: the words that signal it, and what it says about roles and the plan.

    `keywords` holds stemmed phrases (tuples of stems); `roles` maps a role to a prior.
    """

    id: str
    pack: str
    description: str
    keywords: tuple[tuple[str, ...], ...]
    synonyms: tuple[str, ...]
    roles: tuple[tuple[str, float], ...]
    weight: float
    # Everyday verbs ("update", "rename") that signal the intent only when the title also names one
    # of the app's records: "Update a task's due date", not "Update the README".
    record_keywords: tuple[tuple[str, ...], ...] = ()
    benefit: str = ""
    # Whom the change is for when the title does not say: a README or a test is the developers'.
    audience: str = ""
    edge_cases: tuple[str, ...] = ()
    acceptance: tuple[str, ...] = ()
    libraries: tuple[str, ...] = ()
    new_modules: tuple[str, ...] = ()
    companions: tuple[tuple[str, tuple[str, ...]], ...] = ()
    untouched: tuple[str, ...] = ()  # roles this intent leaves alone, whatever other rules say
    endpoint: str = "new"  # "extend": the intent adds parameters to an existing endpoint, not a new one
    examples: tuple[Example, ...] = ()
    source: str = ""
    variants: tuple[Variant, ...] = ()


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a file was chosen: which rule or evidence put it there."""

    rule: str
    evidence: str


@dataclass(frozen=True, slots=True)
class FileChoice:
    path: str
    status: str
    score: float
    roles: tuple[str, ...]
    reasons: tuple[Reason, ...]

    @property
    def reason(self) -> str:
        return "; ".join(r.evidence for r in self.reasons)


@dataclass(frozen=True, slots=True)
class Served:
    """The routes of one resource that already serve a request (`rules.served`): each with the
    parameters and request fields that hold the request's words ("" for a route whose method does,
    as `DELETE` does "delete"), and those words' stems."""

    routes: tuple[tuple[Route, tuple[str, ...]], ...]
    words: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Sent:
    """The routes the client already sends what a request is about to (an upload taking any file),
    the annotations that show it (`UploadFile`), and the client roles that therefore stay as they
    are (`rules.served.sent_as_is`)."""

    routes: tuple[Route, ...]
    types: tuple[str, ...]
    left_alone: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Ranking:
    """The outcome of ranking: matched rules, the feature's terms, the chosen files."""

    terms: tuple[str, ...]
    rules: tuple[Rule, ...]
    chosen: tuple[FileChoice, ...]
    roles: tuple[tuple[str, tuple[str, ...]], ...]
    served: Served | None = None  # the routes that already serve the feature: only the client changes
    sent: Sent | None = None  # the routes the client already sends the feature's data to: only the server changes
