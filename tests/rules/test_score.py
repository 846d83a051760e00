"""Lexical scoring on small hand-made repositories."""
from __future__ import annotations

from textwrap import dedent

from analyzers.resolve import resolve
from analyzers.scan import analyze_text
from rules.evidence import collect
from rules.intents import build_query
from rules.load import load_rules
from rules.propagate import neighbours
from rules.rank import score_table
from rules.roles import detect_roles
from rules.score import lexical_scores, name_share, own_words, reference_score


def _ranked(feature: str, sources: dict[str, str]) -> list[str]:
    files = tuple(analyze_text(path, dedent(text)) for path, text in sorted(sources.items()))
    resolution = resolve(files)
    query = build_query(feature, load_rules())
    evidence = collect(files, resolution)
    table, _ = score_table(query, detect_roles(files, resolution), lexical_scores(query, evidence),
                           neighbours(resolution), reference_score(query, evidence))
    return [s.path for s in table]


def test_a_file_named_after_the_feature_outranks_one_that_repeats_its_words() -> None:
    account = "".join(f"  const tradeHistory{i} = 'trade history {i}';\n" for i in range(12))
    ranked = _ranked("View trade history", {
        "app/client/src/pages/Account.jsx": "export default function Account() {\n" + account + "  return null;\n}\n",
        "app/client/src/components/TradeHistory.jsx": """\
            export default function TradeHistory({ rows }) {
              return <table>{rows.map((r) => <tr key={r.id}><td>{r.symbol}</td></tr>)}</table>;
            }
            """,
    })
    assert ranked.index("app/client/src/components/TradeHistory.jsx") < ranked.index("app/client/src/pages/Account.jsx")


def test_a_name_match_needs_two_of_the_features_own_words() -> None:
    words = own_words(build_query("View trade history", load_rules()))
    assert name_share(words, "app/client/src/components/TradeHistory.jsx") == 2 / 3
    assert name_share(words, "app/server/routers/trades.py") == 0.0  # one word is not a name
    assert name_share(words, "app/client/src/recent_list.ts") == 0.0  # rule synonyms do not count


def test_scores_from_postings_are_the_scores_from_evidence_to_the_last_bit() -> None:
    """The postings path (warm and cold runs) and the evidence path (runs without a cache) must
    agree exactly, files holding a stem in one field and in several alike."""
    from scaffolder import index_codec as codec
    from rules.score import sparse_scores

    sources = {
        "app/server/routers/export.py": '''\
            """Export the book list as CSV."""
            from fastapi import APIRouter
            router = APIRouter(prefix="/api/export")

            @router.get("/books.csv")
            def export_books_csv():
                """CSV export of every book."""
                return "export"
            ''',
        "app/client/src/exportButton.ts": "export function exportBooks() { return fetch('/api/export/books.csv'); }\n",
        "app/client/src/list.ts": "export const bookList = ['a list of books'];\n",
        "README.md": "# Books\n\nExport a list of books.\n",
    }
    files = tuple(analyze_text(path, dedent(text)) for path, text in sorted(sources.items()))
    resolution = resolve(files)
    evidence = collect(files, resolution)
    query = build_query("Export the book list as a CSV file", load_rules())
    fields = [name for name, _ in evidence[0].fields]
    postings = {stem: columns for stem, columns in codec.encode_postings(enumerate(evidence)).items()}
    several = [n for n in range(len(files)) if sum(1 for f in evidence[n].fields if "export" in dict(
        (s, c) for s, c, _ in f[1])) > 1]
    assert several  # a file holds the stem in more than one field
    sparse, reference = sparse_scores(query, tuple(ev.path for ev in evidence), fields,
                                      codec.encode_lengths(evidence), postings)
    assert sparse == lexical_scores(query, evidence) and reference == reference_score(query, evidence)
