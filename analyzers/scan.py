"""Scan a repository: walk the scope, read each file, run its analyzer."""
from __future__ import annotations

from dataclasses import dataclass

from analyzers.model import Diagnostic, FileFacts
from analyzers.registry import analyzer_for
from analyzers.source import read_source
from analyzers.walk import DEFAULT_SCOPE, walk


@dataclass(frozen=True, slots=True)
class RepoFacts:
    """Facts of every in-scope file, sorted by path, and what was skipped."""

    root: str
    files: tuple[FileFacts, ...]
    diagnostics: tuple[Diagnostic, ...]

    def by_path(self) -> dict[str, FileFacts]:
        return {f.path: f for f in self.files}


def scan(root: str, scope: tuple[str, ...] = DEFAULT_SCOPE) -> RepoFacts:
    walked = walk(root, scope)
    files: list[FileFacts] = []
    notes = list(walked.diagnostics)
    for item in walked.files:
        source = read_source(item.abspath, item.path)
        if isinstance(source, Diagnostic):
            notes.append(source)
            files.append(FileFacts(item.path, "binary", 0))
            continue
        facts = analyze_text(item.path, source.text)
        notes.extend(facts.diagnostics)
        files.append(facts)
    return RepoFacts(root, tuple(files), tuple(sorted(set(notes), key=lambda d: (d.path, d.message))))


def analyze_text(path: str, text: str) -> FileFacts:
    """Run the file's analyzer; an analyzer bug becomes a diagnostic, never a crash."""
    try:
        return analyzer_for(path)(path, text)
    except RecursionError:
        why = "nesting too deep to analyse"
    except Exception as exc:  # an analyzer must not take the whole plan down with it
        why = f"could not analyse ({type(exc).__name__})"
    return FileFacts(path, "other", text.count("\n") + 1, diagnostics=(Diagnostic(path, why),))
