"""The deploy/ files stay in step with the code: every variable config.py reads is in the
environment template, and every scheduled command of app/jobs.py has its systemd timer."""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
TEST_ONLY = {"TEST_DATABASE_URL"}


def test_environment_template_lists_every_variable_config_reads():
    read = set(re.findall(r'os\.environ\.get\(\s*"([A-Z_]+)"', (ROOT / "config.py").read_text()))
    template = (DEPLOY / "fresnillo.env.example").read_text()
    listed = set(re.findall(r"^([A-Z_]+)=", template, re.MULTILINE))
    assert read - TEST_ONLY == listed


def test_every_scheduled_command_has_a_timer(app):
    jobs = (ROOT / "app" / "jobs.py").read_text()
    commands = set(re.findall(r'@app\.cli\.command\("([a-z-]+)"\)', jobs)) - {"backup"}
    timers = {p.name for p in (DEPLOY / "systemd").glob("*.timer")}
    units = {re.search(r"^Unit=fresnillo-tarea@(.+)\.service$", (DEPLOY / "systemd" / t)
                       .read_text(), re.MULTILINE) for t in timers}
    assert commands == {m.group(1) for m in units if m}
    assert "fresnillo-respaldo.timer" in timers
    for command in commands:
        assert command in app.cli.commands
