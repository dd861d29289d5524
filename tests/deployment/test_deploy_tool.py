"""The deploy tool's pieces that need no cluster: the site file, env files, rendered configs,
releases' static carry-over, and its refusals.  (tests/cluster runs the whole thing.)"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from deploy import cluster as local_cluster
from deploy import deploy as deploy_tool
from deploy.releases import carry_forward_static, resolve
from deploy.site import Site, SiteError, Systemd, read_env_file, write_env_file

BASE_DIR = Path(__file__).resolve().parents[2]


def site_data(tmp_path: Path, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "releases": str(tmp_path / "releases"),
        "env_file": str(tmp_path / "env"),
        "nodes": [{"name": "web1", "port": 8001, "drain_file": "/d1", "release_link": "/r1"}],
        "services": ["worker"],
        "process_control": {"kind": "supervisor", "config": "/s.conf"},
        "balancer": {"socket": "/h.sock", "backend": "web"},
    }
    data.update(changes)
    return data


def test_a_site_file_names_the_nodes_and_how_to_control_them(tmp_path: Path) -> None:
    site = Site.from_dict(site_data(tmp_path))
    assert [(node.name, node.port) for node in site.nodes] == [("web1", 8001)]
    assert site.current == tmp_path / "current"
    assert site.services == ("worker",)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"nodes": [{"name": "web1"}]}, "missing or has a wrong value"),
        ({"nodes": [{"name": "w", "port": "x", "drain_file": "/", "release_link": "/"}]},
         "wrong value"),
        ({"process_control": {"kind": "upstart"}}, "supervisor or systemd"),
        ({"balancer": {}}, "missing or has a wrong value"),
    ],
)  # fmt: skip
def test_a_wrong_site_file_is_refused_with_what_to_fix(
    tmp_path: Path, change: dict[str, object], message: str
) -> None:
    with pytest.raises(SiteError, match=message):
        Site.from_dict(site_data(tmp_path, **change))


def test_the_tool_says_why_it_cannot_read_a_site_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "site.json").write_text("{not json")
    assert deploy_tool.main(["--site", str(tmp_path / "site.json"), "history"]) == 1
    assert "Cannot read the site file" in capsys.readouterr().err


def test_systemd_units_are_named_from_the_site_file() -> None:
    systemd = Systemd({"web": "newsbudget-web@{port}.service", "worker": "nb-worker.service"},
                      {"web1": 8001})  # fmt: skip
    assert systemd.command("stop", "web1") == ["systemctl", "stop", "newsbudget-web@8001.service"]
    assert systemd.command("start", "worker") == ["systemctl", "start", "nb-worker.service"]
    with pytest.raises(SiteError, match="no systemd unit for 'scheduler'"):
        systemd.unit("scheduler")


def test_an_env_file_round_trips_and_is_private(tmp_path: Path) -> None:
    path = tmp_path / "env"
    variables = {"SITE_NAME": "a=b#c", "DEBUG": "false"}
    write_env_file(path, variables)
    assert read_env_file(path) == variables
    assert path.stat().st_mode & 0o077 == 0


def test_a_malformed_env_file_line_is_named(tmp_path: Path) -> None:
    path = tmp_path / "env"
    path.write_text("# comment\nGOOD=1\nnot a variable\n")
    with pytest.raises(SiteError, match=r"env:3: expected KEY=VALUE"):
        read_env_file(path)


def test_a_revision_that_is_not_a_commit_is_refused() -> None:
    with pytest.raises(SiteError, match="is not a commit"):
        resolve(BASE_DIR, "no-such-revision-anywhere")


def test_a_new_release_keeps_the_old_releases_hashed_static_files(tmp_path: Path) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    for path, text in ((old / "var/static/css/site.abc.css", "old"),
                       (old / "var/static/staticfiles.json", "{}"),
                       (new / "var/static/css/site.def.css", "new")):  # fmt: skip
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)

    assert carry_forward_static(new, old) == 1
    assert (new / "var/static/css/site.abc.css").read_text() == "old"
    assert not (new / "var/static/staticfiles.json").exists()  # the manifest is the new one's


def test_the_rendered_balancer_config_is_valid_haproxy(tmp_path: Path) -> None:
    cluster = local_cluster.new_cluster(tmp_path / "cluster", nodes=3, port=18000)
    local_cluster.make_certificate(cluster.root / "tls")
    config = tmp_path / "haproxy.cfg"
    config.write_text(local_cluster.render_haproxy(cluster))

    checked = subprocess.run(["/usr/sbin/haproxy", "-c", "-f", str(config)],
                             capture_output=True, text=True, check=False)  # fmt: skip

    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "server web3 127.0.0.1:18003 check" in config.read_text()
    assert "use_backend realtime if { path_beg /ws/ }" in config.read_text()
    assert "server realtime 127.0.0.1:18007 check" in config.read_text()


def test_a_cluster_runs_realtime_on_the_shared_redis_and_restarts_it_on_deploy(
    tmp_path: Path,
) -> None:
    cluster = local_cluster.new_cluster(tmp_path / "c", nodes=2, port=19000)
    assert cluster.environment()["REALTIME_REDIS_URL"] == cluster.cache_url
    assert cluster.site()["services"] == ["worker", "scheduler", "realtime"]
    assert "[program:realtime]" in local_cluster.render_supervisor(cluster)
    assert 'REALTIME_PORT="19006"' in local_cluster.render_supervisor(cluster)


def test_a_cluster_made_before_the_live_board_runs_without_realtime(tmp_path: Path) -> None:
    cluster = local_cluster.new_cluster(tmp_path / "c", nodes=2, port=19000)
    cluster.realtime_port = 0
    cluster.save()
    data = json.loads((tmp_path / "c/cluster.json").read_text())
    del data["realtime_port"]
    (tmp_path / "c/cluster.json").write_text(json.dumps(data))
    loaded = local_cluster.Cluster.load(tmp_path / "c")
    assert loaded.services == ["worker", "scheduler"]
    assert "server realtime" not in local_cluster.render_haproxy(loaded)


def test_the_supervisor_config_refuses_a_value_it_cannot_quote() -> None:
    with pytest.raises(SiteError, match="SECRET_KEY"):
        local_cluster.supervisor_environment({"SECRET_KEY": 'with"quote'})
    assert local_cluster.supervisor_environment({"A": "50%"}) == 'A="50%%"'


def test_a_cluster_remembers_its_ports_and_secrets(tmp_path: Path) -> None:
    cluster = local_cluster.new_cluster(tmp_path / "c", nodes=2, port=19000)
    cluster.save()
    loaded = local_cluster.Cluster.load(tmp_path / "c")
    assert (loaded.port, loaded.web_ports, loaded.postgres_port) == (19000, [19001, 19002], 19003)
    assert loaded.secrets == cluster.secrets
    assert "secret_key" not in json.loads((tmp_path / "c/cluster.json").read_text())
    assert (tmp_path / "c/secrets.json").stat().st_mode & 0o077 == 0


def test_the_cluster_refuses_an_unreasonable_node_count(tmp_path: Path) -> None:
    with pytest.raises(SiteError, match="--nodes must be between 1 and 9"):
        local_cluster.new_cluster(tmp_path, nodes=0, port=None)


def built_release(site: Site, name: str, venv: str) -> None:
    """A release directory as ``releases.build`` leaves it, linked to a shared virtualenv."""
    environment = site.releases.parent / "venvs" / venv
    environment.mkdir(parents=True, exist_ok=True)
    (environment / ".complete").write_text("")
    (site.releases / name).mkdir(parents=True)
    (site.releases / name / "REVISION").write_text(name + "\n")
    (site.releases / name / ".venv").symlink_to(environment)


def went_live(site: Site, *names: str) -> None:
    with site.history.open("a") as history:
        history.writelines(
            f"2026-12-0{day}T00:00:00+00:00 {name}\n" for day, name in enumerate(names, 1)
        )


@pytest.fixture
def site_with_history(tmp_path: Path) -> Site:
    """Releases r1..r7 went live in order (r2 twice, by a rollback); r8 is built, never rolled
    out; the node still runs r3 (a deploy that stopped half-way), ``current`` is r7."""
    node = {"name": "web1", "port": 8001, "drain_file": "/d1",
            "release_link": str(tmp_path / "nodes/web1/release")}  # fmt: skip
    site = Site.from_dict(site_data(tmp_path, nodes=[node]))
    for number in range(1, 9):
        built_release(site, f"r{number}", venv="lock-a" if number < 4 else "lock-b")
    went_live(site, "r1", "r2", "r3", "r4", "r2", "r5", "r6", "r7")
    deploy_tool.point_at(site.current, site.releases / "r7")
    deploy_tool.point_at(site.nodes[0].release_link, site.releases / "r3")
    return site


def test_pruning_keeps_recent_running_and_unreleased_releases(site_with_history: Site) -> None:
    site = site_with_history

    deleted = deploy_tool.prune(site, keep=4)

    assert deleted == ["r1", "r4"]
    kept = sorted(path.name for path in site.releases.iterdir() if path.is_dir())
    assert kept == ["r2", "r3", "r5", "r6", "r7", "r8"]  # r2 went live again after r4
    assert deploy_tool.previous_release(site) == "r6"  # a rollback still has somewhere to go


def test_pruning_removes_a_virtualenv_only_when_no_release_is_left_on_it(
    site_with_history: Site,
) -> None:
    site = site_with_history
    venvs = site.releases.parent / "venvs"

    deploy_tool.prune(site, keep=4)
    assert sorted(path.name for path in venvs.iterdir()) == ["lock-a", "lock-b"]  # r2, r3 on a

    deploy_tool.point_at(site.nodes[0].release_link, site.releases / "r7")
    deploy_tool.prune(site, keep=2)
    assert sorted(path.name for path in venvs.iterdir()) == ["lock-b"]
    kept = sorted(path.name for path in site.releases.iterdir() if path.is_dir())
    assert kept == ["r6", "r7", "r8"]


def test_pruning_refuses_to_keep_fewer_than_two(
    site_with_history: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site_file = site_with_history.releases.parent / "site.json"
    site_file.write_text(json.dumps(site_data(site_with_history.releases.parent)))

    assert deploy_tool.main(["--site", str(site_file), "prune", "--keep", "1"]) == 1
    assert "Keep at least 2 releases" in capsys.readouterr().err
    assert (site_with_history.releases / "r1").exists()
