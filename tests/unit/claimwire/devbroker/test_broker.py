"""claimwire.devbroker pieces that need no JVM: configuration, cache decisions, tool checks, and the
data-dir state, port and lifecycle logic (against a fake `java` that only binds the ports)."""

from __future__ import annotations

import base64
import hashlib
import os
import socket
import time
from pathlib import Path

import pytest

from claimwire import devbroker
from claimwire.devbroker import (
    DevBrokerError,
    KafkaBroker,
    default_cache_dir,
    ensure_kafka_classpath,
    find_free_port,
    new_cluster_id,
    render_server_properties,
)
from claimwire.devbroker.errors import PortTaken
from claimwire.devbroker.ports import port_accepts_connections
from claimwire.devbroker.process import is_broker_jvm_for


def parse_properties(text: str) -> dict[str, str]:
    pairs = (line.split("=", 1) for line in text.splitlines() if line and not line.startswith("#"))
    return {key: value for key, value in pairs}


def test_server_properties_describe_a_single_kraft_node(tmp_path: Path) -> None:
    props = parse_properties(
        render_server_properties(host="127.0.0.1", broker_port=41001, controller_port=41002, data_dir=tmp_path)
    )
    assert props["process.roles"] == "broker,controller"
    assert props["node.id"] == "1"
    assert props["controller.quorum.bootstrap.servers"] == "127.0.0.1:41002"
    assert props["listeners"] == "PLAINTEXT://127.0.0.1:41001,CONTROLLER://127.0.0.1:41002"
    assert props["controller.listener.names"] == "CONTROLLER"
    assert props["log.dirs"] == str(tmp_path)
    for single_replica in ("offsets.topic.replication.factor", "transaction.state.log.replication.factor"):
        assert props[single_replica] == "1"
    assert props["transaction.state.log.min.isr"] == "1"
    assert props["group.initial.rebalance.delay.ms"] == "0"
    assert props["auto.create.topics.enable"] == "true"


def test_extra_properties_override_defaults_and_reject_line_breaks(tmp_path: Path) -> None:
    text = render_server_properties(
        host="127.0.0.1",
        broker_port=1,
        controller_port=2,
        data_dir=tmp_path,
        extra={"num.partitions": "6", "message.max.bytes": "2000000"},
    )
    props = parse_properties(text)
    assert props["num.partitions"] == "6" and props["message.max.bytes"] == "2000000"
    assert text.splitlines().count("num.partitions=6") == 1
    assert not any(line == "num.partitions=1" for line in text.splitlines())
    with pytest.raises(DevBrokerError, match="line break"):
        render_server_properties(
            host="127.0.0.1", broker_port=1, controller_port=2, data_dir=tmp_path, extra={"log.dirs": "/a\nnode.id=9"}
        )


def test_cluster_ids_are_kafka_uuids_and_unique() -> None:
    ids = {new_cluster_id() for _ in range(2000)}
    assert len(ids) == 2000
    for cluster_id in ids:
        assert len(cluster_id) == 22 and "=" not in cluster_id
        assert not cluster_id.startswith("-"), "would be parsed as an option by StorageTool"
        assert len(base64.urlsafe_b64decode(cluster_id + "==")) == 16


def test_free_port_can_be_bound() -> None:
    port = find_free_port("127.0.0.1")
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(("127.0.0.1", port))


def test_cache_dir_comes_from_env_or_repo(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(devbroker.CACHE_ENV_VAR, raising=False)
    assert default_cache_dir() == devbroker.REPO_ROOT / ".cache" / "kafka"
    monkeypatch.setenv(devbroker.CACHE_ENV_VAR, str(tmp_path / "jars"))
    assert default_cache_dir() == (tmp_path / "jars").resolve()


def fill_lib(cache: Path, pom: Path, jars: list[str], digest: str | None = None) -> Path:
    lib = cache / "lib"
    lib.mkdir(parents=True)
    for jar in jars:
        (lib / jar).write_bytes(b"PK")
    digest = digest or hashlib.sha256(pom.read_bytes()).hexdigest()
    (lib / devbroker.COMPLETE_MARKER).write_text("\n".join([digest, *jars]) + "\n")
    return lib


def test_complete_cache_is_used_without_maven(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))  # Maven unreachable: must not be needed
    lib = fill_lib(tmp_path / "cache", devbroker.KAFKA_POM, ["kafka_2.13-4.4.0.jar", "kafka-clients-4.4.0.jar"])
    assert ensure_kafka_classpath(tmp_path / "cache") == lib


@pytest.mark.parametrize("damage", ["stale-pom", "missing-jar", "no-marker"])
def test_incomplete_cache_needs_maven(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, damage: str) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    lib = fill_lib(
        tmp_path / "cache",
        devbroker.KAFKA_POM,
        ["kafka_2.13-4.4.0.jar"],
        digest="0" * 64 if damage == "stale-pom" else None,
    )
    if damage == "missing-jar":
        (lib / "kafka_2.13-4.4.0.jar").unlink()
    if damage == "no-marker":
        (lib / devbroker.COMPLETE_MARKER).unlink()
    with pytest.raises(DevBrokerError, match=r"`mvn` was not found.*apt-get install maven"):
        ensure_kafka_classpath(tmp_path / "cache")


def test_missing_java_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    monkeypatch.delenv("JAVA_HOME", raising=False)
    broker = KafkaBroker(cache_dir=tmp_path / "cache")
    with pytest.raises(DevBrokerError, match=r"`java` was not found.*Java 17"):
        broker.start()
    assert not broker.is_running() and broker.work_dir is None


def test_broker_address_only_exists_while_running() -> None:
    with pytest.raises(DevBrokerError, match="not running"):
        _ = KafkaBroker().bootstrap_servers


@pytest.mark.parametrize("heap", ["", "lots", "512 m", "-Xmx1g", "5\n12m"])
def test_heap_must_be_a_jvm_size(heap: str) -> None:
    with pytest.raises(DevBrokerError, match="heap size"):
        KafkaBroker(heap=heap)


# --------------------------------------------------------------------------- persistent data dirs (no JVM)


def test_server_properties_suit_large_messages_and_fast_recovery(tmp_path: Path) -> None:
    props = parse_properties(
        render_server_properties(host="127.0.0.1", broker_port=41001, controller_port=41002, data_dir=tmp_path)
    )
    assert int(props["message.max.bytes"]) == 16 << 20 >= 2 * (8 << 20)  # claimwire articles up to 8 MiB
    assert int(props["replica.fetch.max.bytes"]) >= int(props["message.max.bytes"])
    # A killed broker re-registers only once its old session expired: keep that short.
    assert int(props["broker.heartbeat.interval.ms"]) < int(props["broker.session.timeout.ms"]) <= 3000


def test_state_round_trips_through_an_atomic_write(tmp_path: Path) -> None:
    assert devbroker.read_broker_state(tmp_path) is None
    state = devbroker.BrokerState(cluster_id=new_cluster_id(), port=41001, controller_port=41002, formatted=True, pid=7)
    devbroker.write_broker_state(tmp_path, state)
    assert devbroker.read_broker_state(tmp_path) == state
    assert sorted(p.name for p in tmp_path.iterdir()) == [devbroker.STATE_FILE_NAME]  # no scratch file left


@pytest.mark.parametrize(
    "text",
    [
        "{not json",
        '{"version": 99, "cluster_id": "AAAAAAAAAAAAAAAAAAAAAA", "formatted": true}',
        '{"version": 1, "cluster_id": "short", "formatted": true}',
        '{"version": 1, "cluster_id": "AAAAAAAAAAAAAAAAAAAAAA", "formatted": true, "port": "9092"}',
        '{"version": 1, "cluster_id": "AAAAAAAAAAAAAAAAAAAAAA", "formatted": "yes"}',
    ],
)
def test_damaged_state_file_is_a_clear_error(tmp_path: Path, text: str) -> None:
    (tmp_path / devbroker.STATE_FILE_NAME).write_text(text)
    with pytest.raises(DevBrokerError, match=r"state file .* is damaged.*fix or delete it"):
        devbroker.read_broker_state(tmp_path)


def test_cluster_id_is_read_back_from_meta_properties(tmp_path: Path) -> None:
    assert devbroker.read_meta_cluster_id(tmp_path) is None
    (tmp_path / "meta.properties").write_text("#\nnode.id=1\ncluster.id=AbCdEfGhIjKlMnOpQrStUv\nversion=1\n")
    assert devbroker.read_meta_cluster_id(tmp_path) == "AbCdEfGhIjKlMnOpQrStUv"
    (tmp_path / "meta.properties").write_text("node.id=1\n")
    with pytest.raises(DevBrokerError, match="no cluster.id"):
        devbroker.read_meta_cluster_id(tmp_path)


def listening_socket() -> socket.socket:
    squatter = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    squatter.bind(("127.0.0.1", 0))
    squatter.listen()
    return squatter


def test_port_is_free_sees_listeners_only() -> None:
    with listening_socket() as squatter:
        port = squatter.getsockname()[1]
        assert not devbroker.port_is_free("127.0.0.1", port)
    assert devbroker.port_is_free("127.0.0.1", port)


def test_choose_ports_reuses_remembered_ports_when_free() -> None:
    a, b = find_free_port(), find_free_port()
    chosen = devbroker.choose_ports("127.0.0.1", requested=(None, None), remembered=(a, b), remembered_in="state")
    assert chosen == (a, b, True)


def test_choose_ports_picks_distinct_free_ports_when_nothing_is_known() -> None:
    port, controller_port, fixed = devbroker.choose_ports(
        "127.0.0.1", requested=(None, None), remembered=(None, None), remembered_in="state"
    )
    assert port != controller_port and not fixed


@pytest.mark.parametrize("which", [0, 1])
def test_a_remembered_port_that_is_taken_fails_clearly(which: int) -> None:
    with listening_socket() as squatter:
        taken = squatter.getsockname()[1]
        remembered = [find_free_port(), find_free_port()]
        remembered[which] = taken
        option = ["--port", "--controller-port"][which]
        with pytest.raises(DevBrokerError, match=rf"port {taken} that /d/state\.json remembers is in use.*{option}"):
            devbroker.choose_ports(
                "127.0.0.1", requested=(None, None), remembered=tuple(remembered), remembered_in="/d/state.json"
            )


def test_explicit_ports_win_over_remembered_ones() -> None:
    with listening_socket() as squatter:
        taken = squatter.getsockname()[1]
        free = find_free_port()
        chosen = devbroker.choose_ports(
            "127.0.0.1", requested=(free, None), remembered=(taken, None), remembered_in="state"
        )
    assert chosen[0] == free and chosen[1] not in (free, taken) and chosen[2]
    with pytest.raises(DevBrokerError, match="must differ"):
        KafkaBroker(port=41001, controller_port=41001)


# ---- the whole start/kill/start cycle against a fake `java` (binds the ports, fakes StorageTool)

FAKE_JAVA = """\
import os, pathlib, signal, socket, sys, time
args = sys.argv[1:]
if "-version" in args:
    print('openjdk version "17.0.15" 2025-04-15', file=sys.stderr)
    sys.exit(0)
def props(path):
    lines = pathlib.Path(path).read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if "=" in line and not line.startswith("#"))
if "kafka.tools.StorageTool" in args:
    options = dict(a[2:].split("=", 1) for a in args if a.startswith("--") and "=" in a)
    log_dir = pathlib.Path(props(options["config"])["log.dirs"])
    log_dir.mkdir(parents=True, exist_ok=True)
    (log_dir / "meta.properties").write_text(f"cluster.id={options['cluster-id']}\\nnode.id=1\\nversion=1\\n")
    with open(os.environ["FAKE_JAVA_FORMATS"], "a") as formats:
        formats.write(options["cluster-id"] + "\\n")
    sys.exit(0)
config = props(args[-1])
listeners = []
for listener in config["listeners"].split(","):
    host, port = listener.split("://", 1)[1].rsplit(":", 1)
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        server.bind((host, int(port)))
    except OSError:
        print(f"java.net.BindException: Address already in use; failed to bind to {host}:{port}", flush=True)
        sys.exit(1)
    server.listen()
    listeners.append(server)
(pathlib.Path(config["log.dirs"]) / "fake-records").open("a").write("started\\n")
time.sleep(600)
"""


@pytest.fixture
def fake_java(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """JAVA_HOME with a Python `java`, a complete fake jar cache, and readiness = the port accepts."""
    import sys

    java_home = tmp_path / "fake-jdk"
    (java_home / "bin").mkdir(parents=True)
    java = java_home / "bin" / "java"
    java.write_text(f"#!{sys.executable}\n{FAKE_JAVA}")
    java.chmod(0o755)
    monkeypatch.setenv("JAVA_HOME", str(java_home))
    formats = tmp_path / "formats.log"
    formats.touch()
    monkeypatch.setenv("FAKE_JAVA_FORMATS", str(formats))
    fill_lib(tmp_path / "jar-cache", devbroker.KAFKA_POM, ["kafka_2.13-4.4.0.jar"])

    def wait_until_ready(self: KafkaBroker) -> None:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            assert self._process is not None and self._port is not None
            if self._process.poll() is not None:
                if "BindException" in self.log_tail():
                    raise PortTaken(str(self._port))
                raise DevBrokerError(f"fake broker exited\n{self.log_tail()}")
            if port_accepts_connections(self._host, self._port):
                return
            time.sleep(0.05)
        raise DevBrokerError("fake broker never listened")

    monkeypatch.setattr(KafkaBroker, "_wait_until_ready", wait_until_ready)
    return tmp_path


def fake_broker(root: Path, **kwargs: object) -> KafkaBroker:
    return KafkaBroker(cache_dir=root / "jar-cache", stop_timeout=10, **kwargs)  # type: ignore[arg-type]


def formats(root: Path) -> list[str]:
    return (root / "formats.log").read_text().split()


def gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_data_dir_is_formatted_once_and_restarted_at_the_same_ports(fake_java: Path) -> None:
    data_dir = fake_java / "kafka"
    broker = fake_broker(fake_java, data_dir=data_dir)
    other = None
    try:
        bootstrap = broker.start()
        first_pid, port, controller_port = broker.pid, broker.port, broker.controller_port
        assert bootstrap == f"127.0.0.1:{port}" and broker.work_dir == data_dir
        assert formats(fake_java) == [broker.cluster_id]
        state = devbroker.read_broker_state(data_dir)
        assert state is not None and state.formatted and state.cluster_id == broker.cluster_id
        assert (state.port, state.controller_port, state.pid) == (port, controller_port, first_pid)

        broker.kill()
        assert first_pid is not None and gone(first_pid)
        assert not broker.is_running() and broker.pid is None
        assert (data_dir / "data" / "meta.properties").is_file() and broker.port == port  # data and ports kept

        assert broker.start() == bootstrap  # same object, same data
        assert broker.pid != first_pid and formats(fake_java) == [broker.cluster_id]
        assert broker.restart(kill=True) == bootstrap
        assert broker.restart() == bootstrap
        broker.stop()
        assert data_dir.is_dir() and (data_dir / "data" / "meta.properties").is_file()  # stop keeps a data dir

        other = fake_broker(fake_java, data_dir=data_dir)  # a new object (or process) on the same folder
        assert other.start() == bootstrap
        assert other.cluster_id == broker.cluster_id and other.controller_port == controller_port
        assert formats(fake_java) == [broker.cluster_id]  # formatted exactly once
        assert (data_dir / "data" / "fake-records").read_text().count("started") == 5
    finally:
        broker.stop()
        if other is not None:
            other.stop()


def test_a_taken_remembered_port_fails_and_explicit_ports_move_the_broker(fake_java: Path) -> None:
    data_dir = fake_java / "kafka"
    broker = fake_broker(fake_java, data_dir=data_dir)
    try:
        broker.start()
        port = broker.port
        broker.kill()
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as squatter:
            squatter.bind(("127.0.0.1", port))
            squatter.listen()
            with pytest.raises(DevBrokerError, match=rf"PLAINTEXT port {port} that .*devbroker-state.json remembers"):
                broker.start()
            assert not broker.is_running()
            with pytest.raises(DevBrokerError, match="remembers is in use"):
                fake_broker(fake_java, data_dir=data_dir).start()  # the lock was released by the failure

            new_port = find_free_port()
            moved = fake_broker(fake_java, data_dir=data_dir, port=new_port)
            try:
                assert moved.start() == f"127.0.0.1:{new_port}"
            finally:
                moved.kill()
        state = devbroker.read_broker_state(data_dir)
        assert state is not None and state.port == new_port  # remembered for the next start
        assert broker.start() == f"127.0.0.1:{new_port}"
        assert len(formats(fake_java)) == 1
    finally:
        broker.stop()


def test_one_broker_at_a_time_per_data_dir(fake_java: Path) -> None:
    data_dir = fake_java / "kafka"
    first = fake_broker(fake_java, data_dir=data_dir)
    second = fake_broker(fake_java, data_dir=data_dir, port=find_free_port())
    try:
        first.start()
        assert is_broker_jvm_for(first.pid, data_dir / "server.properties")  # type: ignore[arg-type]
        assert not is_broker_jvm_for(os.getpid(), data_dir / "server.properties")
        with pytest.raises(DevBrokerError, match="in use by another claimwire dev broker"):
            second.start()
        first.stop()
        second.start()
        assert second.is_running()
    finally:
        first.stop()
        second.stop()


def test_foreign_or_damaged_data_dirs_are_refused(fake_java: Path) -> None:
    foreign = fake_java / "foreign"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine")
    with pytest.raises(DevBrokerError, match="not empty and is not a claimwire dev broker data dir"):
        fake_broker(fake_java, data_dir=foreign).start()
    assert (foreign / "notes.txt").read_text() == "mine"

    data_dir = fake_java / "kafka"
    broker = fake_broker(fake_java, data_dir=data_dir)
    broker.start()
    broker.stop()
    meta = data_dir / "data" / "meta.properties"
    meta_text = meta.read_text()
    meta.write_text(meta_text.replace(broker.cluster_id, "ZZZZZZZZZZZZZZZZZZZZZZ"))  # type: ignore[arg-type]
    with pytest.raises(DevBrokerError, match="belongs to cluster ZZZZ.*inconsistent"):
        broker.start()
    meta.unlink()
    with pytest.raises(DevBrokerError, match="meta.properties is missing.*refusing to format"):
        broker.start()
    assert len(formats(fake_java)) == 1 and (data_dir / "data" / "fake-records").exists()
    assert not broker.is_running()


def test_lost_state_file_is_recovered_from_meta_properties(fake_java: Path) -> None:
    data_dir = fake_java / "kafka"
    broker = fake_broker(fake_java, data_dir=data_dir)
    try:
        broker.start()
        cluster_id = broker.cluster_id
        broker.kill()
        (data_dir / devbroker.STATE_FILE_NAME).unlink()
        broker.start()  # no ports remembered any more: fresh ones, but the same storage
        assert broker.cluster_id == cluster_id and formats(fake_java) == [cluster_id]
    finally:
        broker.stop()


def test_a_throw_away_broker_survives_kill_until_stop(fake_java: Path) -> None:
    broker = fake_broker(fake_java)
    try:
        bootstrap = broker.start()
        work_dir, cluster_id = broker.work_dir, broker.cluster_id
        assert work_dir is not None and broker.data_dir is None
        broker.kill()
        assert work_dir.is_dir()  # kill keeps the data, also without a data dir
        assert broker.start() == bootstrap and broker.work_dir == work_dir and broker.cluster_id == cluster_id
        assert broker.restart() == bootstrap and broker.work_dir == work_dir
        assert formats(fake_java) == [cluster_id]
        broker.stop()
        assert not work_dir.exists() and broker.work_dir is None and broker.port is None  # as before: discarded

        broker.start()  # after stop(): a fresh broker, as before
        assert broker.work_dir != work_dir and broker.cluster_id != cluster_id and len(formats(fake_java)) == 2
    finally:
        broker.stop()


def test_foreground_runner_documents_data_dir(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        devbroker.main(["--help"])
    assert exit_info.value.code == 0
    help_text = " ".join(capsys.readouterr().out.split())
    assert "--data-dir DIR" in help_text and "formatted once" in help_text and "same ports" in help_text
    assert "--data-dir" in (devbroker.__doc__ or "")
