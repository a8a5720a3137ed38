"""`flask bot eval FILE.jsonl`, `flask bot ask "问题"`, `flask bot calibrate FILE…`,
`flask bot crossval FILE…`."""
import json
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from app.common.uow import transaction
from app.faqbot import evaluate, service

bot_cli = AppGroup("bot", help="The FAQ bot: evaluate, ask, calibrate, cross-validate.")


def _service_ask(question, province, session_id):
    """One question as the API asks it: its own unit of work (the session row commits)."""
    with transaction():
        return service.ask(question, province, session_id, log=False)


@bot_cli.command("eval")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--min-accuracy", type=float, default=None,
              help="Exit with status 1 when accuracy is below this share (e.g. 0.95).")
def eval_command(files, min_accuracy):
    """Run the cases of each JSONL file through the bot (as the API does, without logging)."""
    failed = False
    every = []
    service.runtime().refresh()
    for name in files:
        try:
            cases = evaluate.read_cases(Path(name))
        except evaluate.CaseError as exc:
            raise click.ClickException(str(exc))
        outcomes = evaluate.run(cases, _service_ask)
        every += outcomes
        click.echo(f"== {name}")
        click.echo(evaluate.report(outcomes))
        if min_accuracy is not None and evaluate.summary(outcomes)["accuracy"] < min_accuracy:
            failed = True
    _keep_figures(evaluate.summary(every), len(files))
    if failed:
        raise SystemExit(1)


LAST_EVAL_KEY = "faqbot.last_eval"


def _keep_figures(figures: dict, files: int) -> None:
    """The last run's figures, for the admin console's FAQ page (app_state holds 255 chars)."""
    from app.common.state import set_state
    from app.common.timeutil import utcnow

    kept = {"at": utcnow().isoformat(timespec="seconds"), "files": files,
            "kb": service.runtime().engine().version[:12],
            **{k: round(figures[k], 4) for k in ("accuracy", "precision", "coverage",
                                                 "decline_rate")},
            **{k: figures[k] for k in ("cases", "wrong_confident")}}
    with transaction():
        set_state(LAST_EVAL_KEY, json.dumps(kept, separators=(",", ":")))


@bot_cli.command("ask")
@click.argument("question")
@click.option("--province", default=None)
def ask_command(question, province):
    """Ask one question and print the answer with its top candidates."""
    engine = service.runtime().refresh()
    reply = engine.ask(question, {}, request_province=engine.gazetteer.province_of(province),
                       default_province=current_app.config.get("FAQ_DEFAULT_PROVINCE"))
    click.echo(f"[{reply.kind}] {reply.entry.id if reply.entry else '-'} "
               f"({reply.province or '-'}) {reply.text}")
    for c in reply.candidates:
        click.echo("  " + json.dumps(c.as_log(), ensure_ascii=False))


@bot_cli.command("calibrate")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--every-other", is_flag=True,
              help="Calibrate on the odd-numbered cases only; report the even ones as held out.")
def calibrate_command(files, every_other):
    """Grid-search the decision thresholds on development sets and print the best settings."""
    from app.faqbot.calibrate import calibrate

    engine = service.runtime().refresh()
    default = current_app.config.get("FAQ_DEFAULT_PROVINCE")
    per_file = [evaluate.read_cases(Path(name)) for name in files]
    tune = [c for cases in per_file for c in (cases[0::2] if every_other else cases)]
    for line in calibrate(engine, tune, default):
        click.echo(line)
    if every_other:
        held = [c for cases in per_file for c in cases[1::2]]
        s = evaluate.summary(evaluate.run(held, evaluate.engine_ask(engine, default)))
        click.echo(f"held-out (even cases, current settings): {len(held)} cases, accuracy "
                   f"{s['accuracy']:.1%}, precision {s['precision']:.1%}, coverage "
                   f"{s['coverage']:.1%}, declined {s['decline_rate']:.1%}")


@bot_cli.command("crossval")
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False))
@click.option("--folds", type=click.IntRange(2, 20), default=5, show_default=True)
@click.option("--weakest", type=click.IntRange(0, 500), default=0,
              help="Also list this many entries whose unseen phrasings are answered right least.")
def crossval_command(files, folds, weakest):
    """Ask each fold of the entries' own phrasings with that fold out of the index (the files'
    off-topic cases must stay declined): how the bot does on phrasings it has never seen."""
    from app.faqbot.crossval import crossval, report, weakest as weakest_entries

    engine = service.runtime().refresh()
    off_topic = [c.q for name in files for c in evaluate.read_cases(Path(name))
                 if c.unknown and not c.then]
    figures = crossval(engine.kb, engine.tokenizer, engine.settings, off_topic,
                       current_app.config.get("FAQ_DEFAULT_PROVINCE"), folds)
    click.echo(report(figures))
    for line in weakest_entries(figures, weakest):
        click.echo("  " + line)
