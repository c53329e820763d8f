"""The container and cluster files: Kubernetes manifests pass a schema check, compose.yaml and
the Dockerfile hold what README "Betrieb" promises. (No container daemon here: the image itself
is not built by the tests; test_entrypoint runs its commands as processes instead.)
"""

from __future__ import annotations

import re
from pathlib import Path

import kubernetes_validate
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
MANIFESTS = ROOT / "deploy" / "kubernetes"
K8S_VERSION = "1.37.0"
READY = "/-/health/ready"
LIVE = "/-/health/live"


def resources():
    for path in sorted(MANIFESTS.glob("*.yaml")):
        if path.name == "kustomization.yaml":
            continue
        for document in yaml.safe_load_all(path.read_text()):
            if document:
                yield path.name, document


def by_kind(kind: str) -> list[dict]:
    return [doc for _, doc in resources() if doc["kind"] == kind]


@pytest.mark.parametrize(("name", "document"), list(resources()), ids=lambda v: str(v)[:40])
def test_each_manifest_passes_the_strict_kubernetes_schema(name, document):
    kubernetes_validate.validate(document, K8S_VERSION, strict=True)


def test_the_schema_check_would_catch_a_mistake():
    (deployment,) = [d for d in by_kind("Deployment") if d["metadata"]["name"].endswith("web")]
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    container["readinesProbe"] = container.pop("readinessProbe")  # a typo in a field name
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(deployment, K8S_VERSION, strict=True)


def test_kustomization_lists_every_manifest_but_the_job_and_the_example_secret():
    listed = set(yaml.safe_load((MANIFESTS / "kustomization.yaml").read_text())["resources"])
    files = {p.name for p in MANIFESTS.glob("*.yaml")} - {"kustomization.yaml"}
    assert listed == files - {"migrate-job.yaml", "secret.example.yaml"}


def pod_specs():
    for doc in [*by_kind("Deployment"), *by_kind("Job")]:
        yield doc["metadata"]["name"], doc["spec"]["template"]["spec"]


@pytest.mark.parametrize(("name", "spec"), list(pod_specs()))
def test_every_pod_runs_without_root_on_a_read_only_file_system(name, spec):
    assert spec["securityContext"]["runAsNonRoot"] is True
    for container in spec["containers"]:
        assert container["securityContext"]["readOnlyRootFilesystem"] is True
        assert container["securityContext"]["allowPrivilegeEscalation"] is False
        assert container["resources"]["requests"] and container["resources"]["limits"]
        sources = {next(iter(s.values()))["name"] for s in container["envFrom"]}
        assert sources == {"beteiligung-config", "beteiligung-secrets"}


def test_web_uses_both_probes_and_the_worker_and_job_run_their_commands():
    deployments = {d["metadata"]["name"]: d for d in by_kind("Deployment")}
    web = deployments["beteiligung-web"]["spec"]["template"]["spec"]["containers"][0]
    assert web["args"] == ["web"]
    assert web["livenessProbe"]["httpGet"]["path"] == LIVE
    assert web["readinessProbe"]["httpGet"]["path"] == READY
    worker = deployments["beteiligung-worker"]["spec"]["template"]["spec"]["containers"][0]
    assert worker["args"] == ["worker"]
    scheduler = deployments["beteiligung-scheduler"]["spec"]
    assert scheduler["template"]["spec"]["containers"][0]["args"] == ["scheduler"]
    assert scheduler["replicas"] >= 2  # safe: each run of a job happens once (betrieb)
    (job,) = by_kind("Job")
    assert job["spec"]["template"]["spec"]["containers"][0]["args"] == ["migrate"]


def test_compose_runs_two_web_servers_a_worker_and_the_backing_services():
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    services = compose["services"]
    assert {"postgres", "redis", "minio", "migrate", "web-1", "web-2", "worker"} <= set(services)
    for name in ("web-1", "web-2"):
        web = services[name]
        assert web["command"] == ["web"]
        assert READY in " ".join(web["healthcheck"]["test"])
        assert web["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
        assert web["read_only"] is True
    assert services["migrate"]["command"] == ["migrate"]
    assert services["migrate"]["restart"] == "no"
    assert services["worker"]["command"] == ["worker"]
    assert services["scheduler"]["command"] == ["scheduler"]
    assert "mail" not in services  # the scheduler runs the e-mail retries
    env = services["web-1"]["environment"]
    assert env["DATABASE_URL"].startswith("postgres://") and env["REDIS_URL"].startswith("redis://")
    assert env["AWS_S3_ENDPOINT_URL"] == "http://minio:9000"


def test_dockerfile_is_multi_stage_non_root_and_collects_static_files_at_build():
    dockerfile = (ROOT / "Dockerfile").read_text()
    stages = re.findall(r"^FROM \S+ AS (\w+)", dockerfile, re.MULTILINE)
    assert stages == ["build", "runtime"]
    runtime = dockerfile.split("AS runtime", 1)[1]
    assert re.search(r"^USER 10001", runtime, re.MULTILINE)
    assert "collectstatic --noinput" in dockerfile
    assert 'ENTRYPOINT ["/app/scripts/container/entrypoint.sh"]' in runtime
    assert 'CMD ["web"]' in runtime
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".git", ".venv", "node_modules", "media/"} <= set(ignored)


SETTINGS_SOURCES = [
    "config/settings/base.py",
    "config/settings/production.py",
    "config/storage.py",
    "scripts/container/gunicorn.conf.py",
]


def test_every_environment_variable_is_in_the_readme_table():
    read = set()
    for source in SETTINGS_SOURCES:
        text = (ROOT / source).read_text()
        read |= set(
            re.findall(r'(?:environ\.get|env\.get|env_list|_origins)\(\s*"([A-Z0-9_]+)"', text)
        )
        read |= set(re.findall(r'environ\["([A-Z0-9_]+)"\]', text))
    readme = (ROOT / "README.md").read_text()
    table = readme.split("### Settings from the environment", 1)[1].split("\n### ", 1)[0]
    documented = set(re.findall(r"`([A-Z0-9_]+)`", table))
    assert len(read) > 30
    assert read - documented == set()
