"""``marsad kb …`` commands: build, check and query the knowledge base."""
from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    kb = typer.Typer(help="Knowledge base: gazetteer and actor tables.", no_args_is_help=True)

    @kb.command("build")
    def build(recount: bool = typer.Option(False, "--recount",
                                           help="recount corpus evidence from ../shared/data/news")) -> None:
        """Rebuild marsad/kb/data from packages, UniversalPetrarch and the curated lexicons."""
        from marsad.kb.build import main
        raise typer.Exit(main(["--recount"] if recount else []))

    @kb.command("check")
    def check() -> None:
        """Check the curated files (columns, types, codes)."""
        from marsad.kb.build import main
        raise typer.Exit(main(["--check"]))

    @kb.command("lookup")
    def lookup(form: str, country: list[str] = typer.Option([], "--context", "-c",
                                                           help="ISO3 of a country the article is about")) -> None:
        """Show the rows for a surface form, and the place chosen in a country context."""
        from collections import Counter

        from marsad.kb import loader
        from marsad.resolve.places import choose, to_location
        for r in loader.lookup(form):
            typer.echo("\t".join([r["type"], r["name_en"], r["code"], r["kind"], r["country"],
                                  r["population"], r["valid"], r["source"]]))
        row = choose(loader.places(form), Counter(country))
        if row:
            typer.echo(f"→ {to_location(form, row)}")

    app.add_typer(kb, name="kb")
