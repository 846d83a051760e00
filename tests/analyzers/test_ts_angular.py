from __future__ import annotations

from textwrap import dedent

from analyzers.model import Symbol
from analyzers.typescript import analyze

COMPONENT = dedent("""\
    import { Component } from '@angular/core';

    @Component({
      selector: 'app-root',
      templateUrl: './app.component.html',
      styleUrls: ['./app.component.css', './theme.css']
    })
    export class AppComponent {
      title = 'planner';
    }
    """)


def test_angular_component_class_and_the_files_it_loads() -> None:
    facts = analyze("src/app/app.component.ts", COMPONENT)
    assert Symbol("AppComponent", "component", 8) in facts.symbols
    assert facts.scripts == ("./app.component.html",)
    assert facts.stylesheets == ("./app.component.css", "./theme.css")


def test_single_style_url_and_no_decorator() -> None:
    facts = analyze("x.ts", COMPONENT.replace("styleUrls: ['./app.component.css', './theme.css']",
                                                "styleUrl: './app.component.css'"))
    assert facts.stylesheets == ("./app.component.css",)
    plain = analyze("y.ts", "export class Service {}\n")
    assert plain.scripts == () and [s.kind for s in plain.symbols] == ["class"]
