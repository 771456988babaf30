"""deploy/k8s/: every document validated against the Kubernetes API schemas bundled in
kubernetes-validate (offline), then held against the code: probe paths and ports, env names, the
extract autoscaler's bound, the store's single replica, and the security context."""

from __future__ import annotations

import re

import kubernetes_validate
import pytest
import yaml

from services.shared.config import parse_index_url
from tests.deploy.claimwire_reads import REPO_ROOT, env_names_read, listening_port

K8S_DIR = REPO_ROOT / "deploy" / "k8s"
FILES = sorted(K8S_DIR.glob("*.yaml"))
DOCS = [(path.name, doc) for path in FILES for doc in yaml.safe_load_all(path.read_text()) if doc]
# The oldest Kubernetes minor still commonly run, and the newest whose schemas the validator bundles.
VERSIONS = ("1.30.0", "1.37.0")
SERVICE_PORTS = {"ingest": 8080, "extract": 6066, "store": 8081}
IMAGE_UID = 10001  # deploy/Dockerfile's claimwire user


def kinds(kind: str) -> list[dict]:
    return [doc for _, doc in DOCS if doc["kind"] == kind]


def one(kind: str, name: str) -> dict:
    [found] = [doc for doc in kinds(kind) if doc["metadata"]["name"] == name]
    return found


CONFIG = one("ConfigMap", "claimwire")["data"]
SECRET = one("Secret", "claimwire")
WORKLOADS = {"ingest": one("Deployment", "claimwire-ingest"), "extract": one("Deployment", "claimwire-extract"),
             "store": one("StatefulSet", "claimwire-store")}


def container(service: str) -> dict:
    [found] = WORKLOADS[service]["spec"]["template"]["spec"]["containers"]
    return found


def environment(service: str) -> dict[str, str]:
    """What the container's process sees: the ConfigMap, then its own env (which wins)."""
    env = dict(CONFIG)
    env.update({item["name"]: item["value"] for item in container(service).get("env", [])})
    return env


def test_the_expected_objects_are_there():
    assert {doc["kind"] for _, doc in DOCS} == {
        "Namespace", "ConfigMap", "Secret", "Deployment", "StatefulSet", "Service", "HorizontalPodAutoscaler",
        "PodDisruptionBudget"}
    assert all(doc["metadata"].get("namespace") == "claimwire" for _, doc in DOCS if doc["kind"] != "Namespace")


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize(("file", "doc"), DOCS, ids=[f"{f}:{d['kind']}/{d['metadata']['name']}" for f, d in DOCS])
def test_every_document_is_valid_for_the_kubernetes_api(file, doc, version):
    kubernetes_validate.validate(doc, version, strict=True)  # raises ValidationError


def test_the_validator_rejects_a_broken_manifest():
    broken = yaml.safe_load(yaml.safe_dump(WORKLOADS["ingest"]))
    broken["spec"]["template"]["spec"]["containers"][0]["livenessProbe"]["httpGet"]["port"] = [8080]
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, VERSIONS[-1], strict=True)


@pytest.mark.parametrize("service", sorted(WORKLOADS))
def test_probes_ask_healthz_and_readyz_on_the_port_the_command_listens_on(service, monkeypatch):
    spec = container(service)
    port = listening_port(spec["args"], environment(service), monkeypatch)
    assert port == SERVICE_PORTS[service]
    assert [p["containerPort"] for p in spec["ports"]] == [port]
    assert spec["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": port}
    assert spec["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": port}
    if "startupProbe" in spec:
        assert spec["startupProbe"]["httpGet"] == {"path": "/healthz", "port": port}
    annotations = WORKLOADS[service]["spec"]["template"]["metadata"]["annotations"]
    assert annotations["prometheus.io/port"] == str(port) and annotations["prometheus.io/path"] == "/metrics"


def test_extract_has_a_startup_probe_long_enough_for_spacy():
    probe = container("extract")["startupProbe"]
    assert probe["initialDelaySeconds"] + probe["periodSeconds"] * probe["failureThreshold"] >= 120


@pytest.mark.parametrize("service", sorted(WORKLOADS))
def test_services_route_to_the_container_port(service):
    selector = WORKLOADS[service]["spec"]["selector"]["matchLabels"]
    routed = [s for s in kinds("Service") if s["spec"]["selector"] == selector]
    assert routed, f"no Service selects {service}"
    for item in routed:
        assert [p["targetPort"] for p in item["spec"]["ports"]] == [SERVICE_PORTS[service]]


@pytest.mark.parametrize("service", sorted(WORKLOADS))
def test_every_environment_variable_is_one_claimwire_reads(service):
    unknown = set(environment(service)) - env_names_read()
    assert not unknown, f"{service}: {sorted(unknown)} are read by nothing in claimwire"


@pytest.mark.parametrize("service", sorted(WORKLOADS))
def test_secrets_come_from_mounted_files_of_the_secret(service):
    spec = container(service)
    [mount] = [m for m in spec["volumeMounts"] if m["name"] == "secrets"]
    assert mount["readOnly"] is True
    volumes = WORKLOADS[service]["spec"]["template"]["spec"]["volumes"]
    assert {"name": "secrets", "secret": {"secretName": "claimwire", "defaultMode": 0o440}} in volumes
    for name, value in environment(service).items():
        if name.endswith("_FILE") or name == "KAFKA_SSL_CAFILE":
            directory, _, key = value.rpartition("/")
            assert directory == mount["mountPath"] and key in SECRET["stringData"], f"{service}: {name}={value}"
        assert not re.search(r"TOKEN$|PASSWORD$", name), f"{service}: {name} puts a secret in the environment"


def test_the_secret_is_a_template_of_placeholders():
    assert SECRET["stringData"] and all(v.startswith("REPLACE_ME") for v in SECRET["stringData"].values())
    assert "TEMPLATE" in (K8S_DIR / "20-secret.example.yaml").read_text().splitlines()[0]


def test_the_configmap_holds_nothing_secret():
    assert not [name for name in CONFIG if re.search(r"TOKEN|PASSWORD|KEYFILE", name)]


def test_extract_scales_no_further_than_the_topic_has_partitions():
    [hpa] = kinds("HorizontalPodAutoscaler")
    assert hpa["spec"]["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment",
                                             "name": "claimwire-extract"}
    assert hpa["spec"]["maxReplicas"] == int(CONFIG["CLAIMWIRE_TOPIC_PARTITIONS"])
    assert 1 <= hpa["spec"]["minReplicas"] <= hpa["spec"]["maxReplicas"]


def test_the_store_is_one_replica_on_its_own_volume_holding_the_tantivy_index():
    store = WORKLOADS["store"]["spec"]
    assert store["replicas"] == 1
    [claim] = store["volumeClaimTemplates"]
    [mount] = [m for m in container("store")["volumeMounts"] if m["name"] == claim["metadata"]["name"]]
    env = environment("store")
    assert mount["mountPath"] == env["CLAIMWIRE_DATA_DIR"]
    target = parse_index_url(env["CLAIMWIRE_INDEX"], REPO_ROOT)
    assert target.engine == "tantivy" and target.location.startswith(mount["mountPath"] + "/")
    headless = {s["metadata"]["name"] for s in kinds("Service") if s["spec"].get("clusterIP") == "None"}
    assert store["serviceName"] in headless


def test_disruption_budgets_select_a_workload():
    selectors = [w["spec"]["selector"]["matchLabels"] for w in WORKLOADS.values()]
    budgets = kinds("PodDisruptionBudget")
    assert budgets
    for budget in budgets:
        assert budget["spec"]["selector"]["matchLabels"] in selectors


@pytest.mark.parametrize("service", sorted(WORKLOADS))
def test_pods_run_as_the_image_user_with_no_privileges(service):
    pod = WORKLOADS[service]["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert pod["securityContext"]["runAsUser"] == IMAGE_UID
    assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
    assert pod["automountServiceAccountToken"] is False
    context = container(service)["securityContext"]
    assert context == {"allowPrivilegeEscalation": False, "readOnlyRootFilesystem": True,
                       "capabilities": {"drop": ["ALL"]}}
    mounted = {m["mountPath"] for m in container(service)["volumeMounts"]}
    assert {"/data", "/tmp"} <= mounted  # the only writable places on a read-only root
    assert f"--uid {IMAGE_UID}" in (REPO_ROOT / "deploy" / "Dockerfile").read_text()


@pytest.mark.parametrize("service", sorted(WORKLOADS))
def test_requests_and_limits_are_set_and_say_where_they_come_from(service):
    resources = container(service)["resources"]
    for side in ("requests", "limits"):
        assert set(resources[side]) == {"cpu", "memory"}
    text = (K8S_DIR / {"ingest": "30-ingest.yaml", "extract": "40-extract.yaml", "store": "50-store.yaml"}[service]
            ).read_text()
    assert re.search(r"bench/\w+\.py", text.split("resources:")[0].rsplit("Probe", 1)[-1]), \
        f"{service}: the comment above resources names no benchmark"


@pytest.mark.parametrize("service", sorted(WORKLOADS))
def test_images_are_pinned_to_the_project_version(service):
    import tomllib

    version = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert container(service)["image"] == f"claimwire:{version}"
