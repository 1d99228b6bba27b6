"""`assist tag` (tags of one conversation, or re-tag the store) and `assist tagger train|eval|show` (the
contact-reason classifier kept in the workspace's data dir)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from assist.analysis import tagging_data
from assist.analysis.tagging import UNKNOWN
from assist.base.errors import AssistError, InputError
from assist.cli.context import Context
from assist.domain import conversation
from assist.llm.engine import Engine
from assist.workspace.tagger import WorkspaceTagger


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("tag", parents=[common],
                       help="tags of a conversation (contact reason, resolved, priority, tier, ...), or re-tag all")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--conversation", type=Path, metavar="FILE", help="a conversation JSON file")
    what.add_argument("--all", action="store_true", help="re-tag every stored conversation (no model; agents' "
                                                         "tags are kept)")
    p.add_argument("--no-model", action="store_true",
                   help="rules and the trained classifier only; no language model for an unknown contact reason")
    p.add_argument("--model", help="model id for the language-model step (default: the configured one)")
    p.set_defaults(handler=cmd_tag)

    t = sub.add_parser("tagger", parents=[common], help="train, measure or show the contact-reason classifier")
    tsub = t.add_subparsers(dest="tagger_command", metavar="WHAT", required=True)
    tr = tsub.add_parser("train", parents=[common],
                         help="train on labelled CSV or on agents' confirmed tags; keeps a better installed model")
    source = tr.add_mutually_exclusive_group(required=True)
    source.add_argument("--data", type=Path, metavar="FILE.csv", help="CSV with text and label columns")
    source.add_argument("--from-store", action="store_true",
                        help="the contact reasons agents confirmed or corrected in this workspace")
    _columns(tr)
    tr.add_argument("--force", action="store_true", help="replace the installed model even if it scores better")
    tr.set_defaults(handler=cmd_train)
    ev = tsub.add_parser("eval", parents=[common], help="the installed classifier's figures on labelled CSV")
    ev.add_argument("--data", type=Path, required=True, metavar="FILE.csv")
    _columns(ev)
    ev.add_argument("--unknown-label", metavar="LABEL",
                    help="rows with this label should be tagged unknown (out of scope), e.g. oos")
    ev.add_argument("--threshold", type=float, help="abstain below this confidence (default: the model's own)")
    ev.set_defaults(handler=cmd_eval)
    sh = tsub.add_parser("show", parents=[common], help="the installed classifier's metadata and figures")
    sh.set_defaults(handler=cmd_show)


def register_eval(esub: Any, common: argparse.ArgumentParser) -> None:
    """`assist eval tagging`: agreement on labelled conversations; banking77 and bitext (tune and report)."""
    p = esub.add_parser("tagging", parents=[common],
                        help="tags against labelled conversations; the classifier on banking77 / bitext")
    p.add_argument("--conversations", type=Path, metavar="FILE.jsonl",
                   help='conversations with "_expect" tags (tests/data/tagging/tune.jsonl, report.jsonl)')
    p.add_argument("--banking77", nargs="?", const="", metavar="DIR",
                   help="train on train.csv (settings chosen on its split), report on test.csv, with a baseline")
    p.add_argument("--bitext", nargs="?", const="", metavar="CSV", help="the bitext intents (seeded 80/20 split)")
    p.add_argument("--held-out-labels", type=int, default=None, metavar="N",
                   help="labels kept out of training to measure out-of-scope detection (banking77 10, bitext 3)")
    p.add_argument("--seed", type=int, default=0)
    p.set_defaults(handler=cmd_eval_tagging)


def cmd_eval_tagging(args: argparse.Namespace, ctx: Context) -> Any:
    from assist.eval import tagging_eval

    if args.conversations is None and args.banking77 is None and args.bitext is None:
        raise InputError("nothing to measure", field="--conversations / --banking77 / --bitext")
    result: dict[str, Any] = {}

    def note(text: str) -> None:
        _progress(ctx, text)

    if args.conversations is not None:
        result["conversations"] = tagging_eval.conversations_agreement(args.conversations,
                                                                       tagging_eval.demo_playbook())
    if args.banking77 is not None:
        folder = Path(args.banking77) if args.banking77 else tagging_eval.DEFAULT_BANKING77
        held = 10 if args.held_out_labels is None else args.held_out_labels
        result["banking77"] = tagging_eval.banking77(folder, held, args.seed, note)
    if args.bitext is not None:
        path = Path(args.bitext) if args.bitext else tagging_eval.DEFAULT_BITEXT
        held = 3 if args.held_out_labels is None else args.held_out_labels
        result["bitext"] = tagging_eval.bitext(path, held, args.seed, note)
    return result


def _columns(p: argparse.ArgumentParser) -> None:
    p.add_argument("--text-column", default="text", metavar="C", help="default: text")
    p.add_argument("--label-column", default="label", metavar="C", help="default: label")


def _tagger(ctx: Context) -> WorkspaceTagger:
    ws = ctx.workspace
    return WorkspaceTagger(ws.store, ws.playbook, ws.data_dir)


def _engine(args: argparse.Namespace, ctx: Context) -> Engine | None:
    if args.no_model:
        return None
    from assist.llm.loader import load_engine

    try:
        return load_engine(args.model or ctx.settings.model or None)
    except AssistError as exc:  # tags work without a model: an unknown reason stays unknown
        print(f"assist: note: no language model for the contact reason ({exc})", file=sys.stderr)
        return None


def _progress(ctx: Context, text: str) -> None:
    if not ctx.json_output:
        print(text, file=sys.stderr, flush=True)


def cmd_tag(args: argparse.Namespace, ctx: Context) -> Any:
    tagger = _tagger(ctx)
    if args.all:
        return tagger.retag_all(progress=lambda done, total: _progress(ctx, f"tagged {done} of {total}"))
    conv = conversation.load_one(args.conversation)
    tags = tagger.tag(conv)
    if tags[0].value == UNKNOWN:  # only then is the model worth loading: it chooses among the taxonomy
        engine = _engine(args, ctx)
        if engine is not None:
            try:
                tags = tagger.tag(conv, engine)
            finally:
                engine.close()
    result: dict[str, Any] = {"tags": [t.as_dict() for t in tags]}
    if tagger.model_error:
        result["model_error"] = tagger.model_error
    if ctx.json_output:
        return result
    return "\n".join(f"{t['kind']}: {t['value']} ({t['confidence']:.2f}, {t['source']})" for t in result["tags"])


def cmd_train(args: argparse.Namespace, ctx: Context) -> Any:
    from assist.analysis import tagging_train

    tagger = _tagger(ctx)
    if args.from_store:
        texts, labels = tagger.from_store()
        source = f"{ctx.workspace.store.path} (agents' tags)"
        if not texts:
            raise InputError("no contact reasons confirmed or corrected by agents yet", source=source)
    else:
        texts, labels = tagging_data.read_labelled(args.data, args.text_column, args.label_column)
        source = str(args.data)
    _progress(ctx, f"training on {len(texts):,} rows, {len(set(labels))} labels")
    trained = tagging_train.train(texts, labels, source=source,
                                  progress=lambda step, done: _progress(ctx, f"[{done:4.0%}] {step}"))
    replacement = tagger.install(trained.model, trained.validation, trained.held_out, force=args.force)
    result: dict[str, Any] = {"train_s": round(trained.train_s, 2), "validation": trained.validation,
                              "installed": replacement.installed, "previous": replacement.old,
                              "model_dir": str(tagger.folder)}
    if ctx.json_output:
        return result
    v = trained.validation
    lines = [f"trained in {trained.train_s:.1f} s on {len(texts):,} rows",
             f"held out {v['n']}: accuracy {v['full_coverage_accuracy']:.3f} at full coverage; "
             f"{v['selective_accuracy']} on the {v['coverage']:.0%} it answers (threshold {v['threshold']})"]
    if replacement.old is not None:
        lines.append(f"installed model on the same rows: accuracy {replacement.old['full_coverage_accuracy']:.3f}")
    lines.append(f"saved to {tagger.folder}" if replacement.installed else
                 "kept the installed model: it scores better (use --force to replace it)")
    return "\n".join(lines)


def cmd_eval(args: argparse.Namespace, ctx: Context) -> Any:
    model = _tagger(ctx).model()
    if model is None:
        raise InputError("no trained tagger in this workspace", hint="run `assist tagger train --data FILE.csv`")
    texts, labels = tagging_data.read_labelled(args.data, args.text_column, args.label_column)
    started = time.perf_counter()
    predicted = [p.label for p in model.predict_many(texts, args.threshold)]
    ms = (time.perf_counter() - started) * 1000 / len(texts)
    result = tagging_data.figures(labels, predicted, args.unknown_label, ms_per_item=ms)
    if ctx.json_output:
        return result
    return {k: v for k, v in result.items() if k not in ("per_label", "confused")}


def cmd_show(args: argparse.Namespace, ctx: Context) -> Any:
    tagger = _tagger(ctx)
    model = tagger.model()
    if model is None:
        return {"installed": False, "model_dir": str(tagger.folder), "error": tagger.model_error}
    return {**model.meta, "installed": True, "model_dir": str(tagger.folder), "labels": model.labels,
            "threshold": model.threshold}
