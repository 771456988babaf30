"""docker-compose.yml, checked without a Docker engine: parsed by a strict Compose Specification parser
(compose-spec, the Rust compose_spec crate: unknown keys, bad durations, ports and conditions are errors)
and with PyYAML, and held against what the code reads, listens on and exports. No Docker engine and no
compose plugin are needed (where these tests were written, the docker CLI had no `compose`)."""

from __future__ import annotations

import copy
import json
import re
import tomllib

import compose_spec
import promql_parser
import pytest
import yaml

from services.shared.config import parse_index_url
from tests.deploy.claimwire_reads import (
    REPO_ROOT,
    env_names_read,
    exported_metric_names,
    listening_port,
    settings_field_env_names,
)

COMPOSE = yaml.safe_load((REPO_ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
CLAIMWIRE = ("ingest", "extract", "store")
PROMETHEUS_DIR = REPO_ROOT / "deploy" / "prometheus"
GRAFANA_DIR = REPO_ROOT / "deploy" / "grafana"
_DURATION = re.compile(r"^(\d+)(ms|s|m|h)$")


def seconds(duration: str) -> float:
    match = _DURATION.match(str(duration))
    assert match, f"{duration!r} is not a compose duration"
    value, unit = int(match.group(1)), match.group(2)
    return value * {"ms": 0.001, "s": 1, "m": 60, "h": 3600}[unit]


def project_version() -> str:
    return tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]["version"]


def test_the_scan_finds_the_variable_of_every_settings_field():
    names = env_names_read()
    for field_name, env_name in settings_field_env_names().items():
        assert env_name, f"Settings.{field_name}'s default factory names no variable the scan recognises"
        assert env_name in names
    assert {"CLAIMWIRE_API_TOKEN_FILE", "CLAIMWIRE_INDEX", "CLAIMWIRE_EXTRACT_WEB_PORT"} <= names


def _parse_as_compose_spec(document: dict) -> None:
    # PyYAML has resolved the anchors and `<<` merges, which the Rust parser does not take
    parsed = compose_spec.PyCompose.from_json(json.dumps(document))
    parsed.validate()
    compose_spec.ComposeSpecification.model_validate(document)


def test_the_file_follows_the_compose_specification():
    _parse_as_compose_spec(COMPOSE)


@pytest.mark.parametrize(("path", "value"), [
    (("services", "extract", "healthcheck", "start_period"), "after spaCy"),
    (("services", "store", "deploy", "resources", "limits", "memroy"), "1g"),
    (("services", "store", "depends_on", "kafka", "condition"), "service_ready"),
    (("services", "ingest", "ports"), ["127.0.0.1:http:8080"]),
])
def test_the_specification_parser_rejects_a_broken_file(path, value):
    broken = copy.deepcopy(COMPOSE)
    node = broken
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    with pytest.raises(ValueError):  # the Rust parser and pydantic each raise a ValueError of their own
        _parse_as_compose_spec(broken)


def test_the_stack_has_broker_search_engine_services_and_monitoring():
    assert set(SERVICES) == {"kafka", "opensearch", *CLAIMWIRE, "prometheus", "grafana"}


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_every_image_is_pinned_to_a_tag(name):
    image = SERVICES[name]["image"]
    repository, _, tag = image.rpartition(":")
    assert repository and tag and "/" not in tag, f"{name}: {image} has no tag"
    assert tag != "latest" and re.match(r"^v?\d+(\.\d+)+$", tag), f"{name}: {image} is not a version tag"


def test_claimwire_services_build_one_image_tagged_with_the_project_version():
    images = {SERVICES[name]["image"] for name in CLAIMWIRE}
    assert images == {f"claimwire:{project_version()}"}
    for name in CLAIMWIRE:
        assert SERVICES[name]["build"] == {"context": ".", "dockerfile": "deploy/Dockerfile"}


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_every_service_has_a_health_check_with_a_start_period(name):
    check = SERVICES[name].get("healthcheck")
    assert check and check["test"], f"{name} has no health check"
    for key in ("interval", "timeout", "start_period"):
        assert seconds(check[key]) > 0, f"{name}: {key}"
    assert check["retries"] >= 3
    assert seconds(check["timeout"]) <= seconds(check["interval"])


def test_extract_gets_time_for_spacy_to_load():
    assert seconds(SERVICES["extract"]["healthcheck"]["start_period"]) >= 60


@pytest.mark.parametrize("name", CLAIMWIRE)
def test_claimwire_health_checks_ask_the_service_for_readyz(name):
    # claimwire.healthcheck finds the port from the container's command (tested in tests/unit/claimwire)
    assert SERVICES[name]["healthcheck"]["test"] == ["CMD", "python", "-m", "claimwire.healthcheck", "--ready"]


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_every_service_has_resource_limits(name):
    limits = SERVICES[name]["deploy"]["resources"]["limits"]
    assert float(limits["cpus"]) > 0
    assert re.match(r"^\d+[mg]$", str(limits["memory"])), limits


def test_volumes_are_named_and_each_declared_one_is_used():
    declared = set(COMPOSE["volumes"])
    used = set()
    for name, service in SERVICES.items():
        for mount in service.get("volumes", []):
            source = mount.split(":")[0]
            if source.startswith((".", "/")):
                assert (REPO_ROOT / source).exists(), f"{name} mounts {source}, which is not in the repository"
                continue
            assert source in declared, f"{name} mounts {source!r}, not a named volume"
            used.add(source)
    assert used == declared
    for name in ("kafka", "opensearch", "store", "prometheus"):
        assert any(m.split(":")[0] in declared for m in SERVICES[name]["volumes"]), f"{name} keeps no named volume"


def _listeners(value: str) -> dict[str, str]:
    return dict(item.split("://", 1) for item in value.split(","))


def test_kafka_has_a_host_listener_an_internal_one_and_the_controller():
    env = SERVICES["kafka"]["environment"]
    listeners = _listeners(env["KAFKA_LISTENERS"])
    advertised = _listeners(env["KAFKA_ADVERTISED_LISTENERS"])
    controller = env["KAFKA_CONTROLLER_LISTENER_NAMES"]
    assert controller in listeners and controller not in advertised
    assert set(advertised) == set(listeners) - {controller}
    internal = env["KAFKA_INTER_BROKER_LISTENER_NAME"]
    host = next(name for name, address in advertised.items() if address.startswith("localhost:"))
    assert advertised[internal] == "kafka:9092" and advertised[host] == "localhost:9094"
    assert listeners[host] == ":9094" and listeners[internal] == ":9092"
    assert SERVICES["kafka"]["ports"] == ["127.0.0.1:9094:9094"]  # only the host listener, loopback only
    mapped = dict(item.split(":", 1) for item in env["KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"].split(","))
    assert set(mapped) == set(listeners)
    assert env["KAFKA_CONTROLLER_QUORUM_VOTERS"] == f"1@kafka{listeners[controller]}"


@pytest.mark.parametrize("name", CLAIMWIRE)
def test_claimwire_services_reach_kafka_on_the_internal_listener_once_it_is_healthy(name):
    advertised = _listeners(SERVICES["kafka"]["environment"]["KAFKA_ADVERTISED_LISTENERS"])
    internal = SERVICES["kafka"]["environment"]["KAFKA_INTER_BROKER_LISTENER_NAME"]
    assert SERVICES[name]["environment"]["KAFKA_BOOTSTRAP_SERVERS"] == advertised[internal]
    assert SERVICES[name]["depends_on"]["kafka"] == {"condition": "service_healthy"}


@pytest.mark.parametrize("name", CLAIMWIRE)
def test_every_environment_variable_is_one_claimwire_reads(name):
    unknown = set(SERVICES[name]["environment"]) - env_names_read()
    assert not unknown, f"{name} sets variables claimwire never reads: {sorted(unknown)}"


@pytest.mark.parametrize("name", CLAIMWIRE)
def test_claimwire_services_bind_every_interface_in_the_container(name):
    assert SERVICES[name]["environment"]["CLAIMWIRE_HTTP_HOST"] == "0.0.0.0"


def _scrape_targets() -> dict[str, str]:
    config = yaml.safe_load((PROMETHEUS_DIR / "prometheus.yml").read_text())
    targets = {}
    for job in config["scrape_configs"]:
        for static in job["static_configs"]:
            for target in static["targets"]:
                host, _, port = target.partition(":")
                targets[host] = port
                assert job.get("metrics_path", "/metrics") == "/metrics"
    return targets


@pytest.mark.parametrize("name", CLAIMWIRE)
def test_published_and_scraped_ports_are_the_ones_the_command_listens_on(name, monkeypatch):
    service = SERVICES[name]
    port = listening_port(service["command"], service["environment"], monkeypatch)
    assert service["ports"] == [f"127.0.0.1:{port}:{port}"]
    assert _scrape_targets()[name] == str(port)


def test_ports_are_documented_in_the_header_comment():
    header = (REPO_ROOT / "docker-compose.yml").read_text().split("\nx-claimwire:")[0]
    published = [p.split(":")[-1] for s in SERVICES.values() for p in s.get("ports", [])]
    for port in [*published, "9092", "9093"]:
        assert re.search(rf"^#\s+{port}\s+\S", header, re.M), f"port {port} is not documented"


def test_opensearch_is_a_single_local_node_and_the_store_indexes_into_it():
    node = SERVICES["opensearch"]
    assert re.fullmatch(r"opensearchproject/opensearch:2\.19\.\d+", node["image"])
    env = node["environment"]
    assert env["discovery.type"] == "single-node" and env["DISABLE_SECURITY_PLUGIN"] == "true"
    assert node["ports"] == ["127.0.0.1:9200:9200"]
    target = parse_index_url(SERVICES["store"]["environment"]["CLAIMWIRE_INDEX"], REPO_ROOT)
    assert (target.engine, target.location) == ("opensearch", "http://opensearch:9200")
    assert SERVICES["store"]["depends_on"]["opensearch"] == {"condition": "service_healthy"}


def test_prometheus_scrapes_the_three_services_and_loads_the_rules():
    assert set(CLAIMWIRE) <= set(_scrape_targets())
    config = yaml.safe_load((PROMETHEUS_DIR / "prometheus.yml").read_text())
    assert config["rule_files"] == ["/etc/prometheus/rules/*.yml"]
    assert "./deploy/prometheus:/etc/prometheus:ro" in SERVICES["prometheus"]["volumes"]
    assert list((PROMETHEUS_DIR / "rules").glob("*.yml"))


def _rules() -> list[dict]:
    rules = []
    for path in sorted((PROMETHEUS_DIR / "rules").glob("*.yml")):
        for group in yaml.safe_load(path.read_text())["groups"]:
            assert group["rules"], group["name"]
            rules.extend(group["rules"])
    return rules


def test_recording_rules_use_only_metrics_claimwire_exports():
    exported = exported_metric_names()
    for rule in _rules():
        promql_parser.parse(rule["expr"])  # raises ValueError on PromQL Prometheus would refuse
        assert re.fullmatch(r"claimwire:[a-z_]+:[a-z0-9_]+", rule["record"]), rule["record"]
        used = set(re.findall(r"\bclaimwire_[a-z0-9_]+", rule["expr"]))
        assert used, rule
        assert used <= exported, f"{rule['record']}: {sorted(used - exported)} are not exported by claimwire"


def test_the_promql_parser_rejects_a_broken_expression():
    with pytest.raises(ValueError):
        promql_parser.parse("sum by (service (rate(claimwire_articles_total[5m]))")


def test_recording_rules_cover_throughput_lag_dead_letters_and_latency():
    exprs = " ".join(rule["expr"] for rule in _rules())
    for metric in ("claimwire_articles_total", "claimwire_claims_indexed_total", "claimwire_consumer_lag",
                   "claimwire_dead_letters_total", "claimwire_stage_seconds_bucket"):
        assert metric in exprs


def test_the_grafana_dashboard_reads_only_recorded_series_from_the_provisioned_datasource():
    [source] = yaml.safe_load((GRAFANA_DIR / "provisioning" / "datasources" / "prometheus.yml").read_text())[
        "datasources"]
    assert source["url"] == "http://prometheus:9090"
    recorded = {rule["record"] for rule in _rules()}
    dashboard = json.loads((GRAFANA_DIR / "dashboards" / "claimwire.json").read_text())
    shown = set()
    for panel in dashboard["panels"]:
        assert panel["datasource"]["uid"] == source["uid"]
        for target in panel["targets"]:
            promql_parser.parse(target["expr"])
            names = set(re.findall(r"\bclaimwire:[a-z_]+:[a-z0-9_]+", target["expr"]))
            assert names and names <= recorded, f"{panel['title']}: {target['expr']}"
            shown |= names
    assert shown == recorded  # every recorded series is on the dashboard
    home = SERVICES["grafana"]["environment"]["GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"]
    assert home == "/var/lib/grafana/dashboards/claimwire.json"
    assert "./deploy/grafana/dashboards:/var/lib/grafana/dashboards:ro" in SERVICES["grafana"]["volumes"]
