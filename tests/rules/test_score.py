"""Lexical scoring on small hand-made repositories."""
from __future__ import annotations

from textwrap import dedent

from analyzers.resolve import resolve
from analyzers.scan import analyze_text
from rules.evidence import collect, file_evidence
from rules.intents import BODY_WEIGHT, EXPANSION_WEIGHT, build_query, split_title
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


def test_the_title_line_picks_the_rules_and_the_description_only_breaks_ties() -> None:
    rules = load_rules()
    query = build_query("Export the book list as CSV\n\nReaders also asked to delete notes and upload a cover file.", rules)
    assert sorted(rule.id for rule, hits in query.matched if hits) == ["export-download"]
    weights = dict(query.terms)
    assert weights["export"] == 1.0 and weights["book"] == 1.0
    assert weights["delet"] == weights["cover"] == BODY_WEIGHT and query.body >= {"delet", "cover", "upload"}
    assert weights["file"] == EXPANSION_WEIGHT and "file" not in query.body  # an export synonym outranks it
    sources = {"app/server/core/books.py": "def export_books_csv():\n    return 'delete notes upload covers'\n"}
    evidence = collect(tuple(analyze_text(p, t) for p, t in sources.items()), resolve(()))
    title_only = build_query("Export the book list as CSV", rules)
    assert reference_score(query, evidence) == reference_score(title_only, evidence)


def test_a_blank_leading_line_does_not_make_the_description_the_title() -> None:
    assert split_title("\n  \n  Add JSON export  \r\nwith a download button\u2028and more") == \
        ("Add JSON export", "with a download button\nand more")
    assert split_title(" \n\t") == ("", "")


def test_a_rule_hit_is_the_features_own_words_not_their_stems() -> None:
    query = build_query("Let readers delete notes and save queries as favourites", load_rules())
    hits = {rule.id: hits for rule, hits in query.matched if hits}
    assert hits["delete-remove"] == ("delete",)
    assert all(word in "let readers delete notes and save queries as favourites".split(" ")
               for found in hits.values() for phrase in found for word in phrase.split(" "))


def test_a_mixed_case_name_in_the_request_finds_the_modules_that_import_it() -> None:
    sources = {
        "app/server/core/store.py": "import sqlite3\n\ndef connect(path):\n    return sqlite3.connect(path)\n",
        "app/server/core/report.py": "import csv\n\ndef report(rows):\n    return list(rows)\n",
    }
    ranked = _ranked("Move from SQLite to Postgres", sources)  # `SQLite` split alone is `sq` + `lite`
    assert ranked.index("app/server/core/store.py") < ranked.index("app/server/core/report.py")


def test_the_whole_spelling_of_a_mixed_case_name_does_not_raise_the_bar() -> None:
    files = (analyze_text("app/server/core/store.py", "import sqlite3\n\ndef open_store():\n    pass\n"),)
    evidence = collect(files, resolve(files))
    split_only = build_query("Open Sq Lite store", load_rules())
    mixed = build_query("Open SQLite store", load_rules())
    assert "sqlite" in dict(mixed.terms)
    assert reference_score(mixed, evidence) == reference_score(split_only, evidence)


def test_a_strings_sample_is_the_name_that_says_the_word_not_the_raw_literal() -> None:
    facts = analyze_text("app/server/core/sql_security.py", dedent('''\
        import re

        DANGEROUS = re.compile(r'^[^"]*\\s*;\\s*(?:SELECT|DROP)\\b')
        CONTENT_TYPE = "application/json"
        ''')
    )
    strings = file_evidence(facts).field("strings")
    assert strings["select"][1] == "SELECT"
    assert strings["drop"][1] == "DROP"
    assert strings["json"][1] == "application/json"


def test_browser_globals_are_not_evidence_of_what_a_module_is_about() -> None:
    facts = analyze_text("app/client/src/main.ts", dedent('''\
        const panel = document.getElementById('docs-panel');
        window.addEventListener('load', () => console.log(panel));
        '''))
    identifiers = file_evidence(facts).field("identifiers")
    assert "document" not in identifiers and "window" not in identifiers and "consol" not in identifiers
    assert "panel" in identifiers
