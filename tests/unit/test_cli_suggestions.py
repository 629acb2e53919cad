"""A misspelt command or choice gets a suggestion, a usage message and exit status 2 (never a traceback)."""

from __future__ import annotations

import pytest

from unclench.cli import did_you_mean, main


@pytest.mark.parametrize(
    ("argv", "suggested"),
    [(["statsu"], "status"), (["exprot"], "export"), (["check", "--format", "jsn"], "json")],
)
def test_a_close_misspelling_gets_a_suggestion(
    argv: list[str], suggested: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert f"Did you mean '{suggested}'?" in err
    assert "usage:" in err and "Traceback" not in err


def test_nothing_close_gets_no_suggestion(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["xyzzy"])
    assert "Did you mean" not in capsys.readouterr().err


def test_both_message_styles_of_argparse_are_understood() -> None:
    older = "argument COMMAND: invalid choice: 'statsu' (choose from 'check', 'status')"
    newer = "argument COMMAND: invalid choice: 'statsu' (choose from check, status)"
    assert did_you_mean(older) == did_you_mean(newer) == "Did you mean 'status'?"
    assert did_you_mean("the following arguments are required: KIND") is None
