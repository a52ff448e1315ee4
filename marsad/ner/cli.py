"""NER commands: ``marsad train ner`` and ``marsad eval ner PATH``.

``train`` and ``eval`` are command groups other subsystems may share: if the app already has a group
of that name it is reused, otherwise it is created here.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer


def _group(app: typer.Typer, name: str, help: str) -> typer.Typer:
    for info in app.registered_groups:
        if info.name == name and info.typer_instance is not None:
            return info.typer_instance
    sub = typer.Typer(no_args_is_help=True, help=help)
    app.add_typer(sub, name=name)
    return sub


def register(app: typer.Typer) -> None:
    train_app = _group(app, "train", "Train the statistical models.")
    eval_app = _group(app, "eval", "Evaluate against gold files.")

    @train_app.command("ner")
    def train_ner(
        train: Optional[Path] = typer.Option(None, "--train", help="`token TAG` BIO file (default: ANERcorp train in ../shared)"),
        out: Optional[Path] = typer.Option(None, "-o", "--out", help="model file (default: the shipped marsad/ner/model.crfsuite)"),
        tune: bool = typer.Option(False, "--tune", help="pick c1/c2 on a holdout of the train file first"),
        wojood: bool = typer.Option(False, "--wojood", help="add the Wojood sample, types mapped down"),
        c1: Optional[float] = typer.Option(None, "--c1"),
        c2: Optional[float] = typer.Option(None, "--c2"),
        minfreq: Optional[int] = typer.Option(None, "--minfreq"),
        max_iter: Optional[int] = typer.Option(None, "--max-iter"),
    ) -> None:
        """Train the NER CRF (python-crfsuite, L-BFGS) and write the model file."""
        from marsad.ner import train as T

        argv = ["--train", str(train or T.ANERCORP_TRAIN), "--out", str(out or T.MODEL_PATH)]
        if tune:
            argv.append("--tune")
        if wojood:
            argv.append("--wojood")
        for flag, val in (("--c1", c1), ("--c2", c2), ("--minfreq", minfreq), ("--max-iter", max_iter)):
            if val is not None:
                argv += [flag, str(val)]
        T.main(argv)

    @eval_app.command("ner")
    def eval_ner(
        path: Path = typer.Argument(..., exists=True, dir_okay=False, help="`token TAG` BIO gold file"),
        model: Optional[Path] = typer.Option(None, "--model", help="model file (default: the shipped one)"),
        as_json: bool = typer.Option(False, "--json", help="print the scores as JSON before the final line"),
    ) -> None:
        """Entity-level P/R/F1 per type (exact match, micro-averaged); last line ner_f1=…"""
        from marsad.ner.evaluate import evaluate_file, format_table

        res = evaluate_file(path, model_path=model)
        if as_json:
            typer.echo(json.dumps(res))
        else:
            typer.echo(format_table(res))
        typer.echo(f"ner_f1={res['ALL']['f1']:.4f}")
