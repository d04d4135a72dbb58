"""Example Airflow 2 DAGs that run the sluice image on Kubernetes.

sluice_movie_report   daily at 01:00 UTC: one `sluice run` in a fresh pod.
sluice_backfill       triggered by hand: `sluice backfill` over a range of dump dates.

Needs Airflow 2.4+ and apache-airflow-providers-cncf-kubernetes 7.4+ (skip_on_exit_code,
on_finish_action). Edit IMAGE, NAMESPACE and the sources below.

The database: DATABASE_URL comes from the Kubernetes Secret `sluice-db` (key DATABASE_URL, the one
deploy/kubernetes/sluice-cronjob.yaml describes), injected into the pod by Kubernetes. It never
passes through Airflow: not in this file, not in rendered templates, not in the metadata DB. Any
secret manager that syncs into a Kubernetes Secret (External Secrets, Vault, sealed secrets) fits.

sluice's exit codes and what the tasks make of them:
    0        loaded, or up to date (no source changed since the last load): success
    1        failed (unreadable source, corrupt archive, database error), nothing published:
             failure, retried after retry_delay
    2        usage (a missing or invalid setting): failure; the retries fail the same way
    3        another run of the job holds its lock and is doing the work: `load` is SKIPPED
             (skip_on_exit_code); `backfill` fails and its retry waits for the lock to be free
    130/143  interrupted (SIGINT/SIGTERM, e.g. the task was killed or timed out), rolled back
A failed or killed run never leaves a half-loaded table: the publish is one transaction.

max_active_runs=1 keeps Airflow from starting two runs of a DAG at once; sluice's job lock (exit 3)
also guards against other schedulers of the same job (the CronJob, `docker compose`, a person).

DockerOperator instead (apache-airflow-providers-docker 3.6+, a Docker engine on the worker): the
same arguments as `command=[...]`, `skip_on_exit_code=3`, `auto_remove="success"`, and
DATABASE_URL in `private_environment` (not templated, hidden in the UI) or an `env_file` kept on
the worker: never as a literal in the DAG file. Note that its on_kill uses Docker's default
10-second stop timeout; a run killed before it rolls back is still safe (Postgres drops the
unfinished transaction, the next run marks the ledger row abandoned).
"""

from __future__ import annotations

from datetime import timedelta

import pendulum
from airflow import DAG
from airflow.models.param import Param
from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator
from airflow.providers.cncf.kubernetes.secret import Secret
from kubernetes.client import models as k8s

IMAGE = "registry.example.org/sluice:0.1.0"
NAMESPACE = "sluice"

# Kaggle's own download needs a login: serve the zip from a mirror you control.
MOVIES = "https://mirror.example.org/kaggle/the-movies-dataset.zip"
# Wikimedia's last abstracts dump; an unchanged source makes the daily run a no-op (exit 0).
ABSTRACTS = "https://dumps.wikimedia.org/enwiki/20250201/enwiki-20250201-abstract.xml.gz"
# For backfill: sluice puts each date in place of {yyyymmdd}. Single braces are not Jinja.
ABSTRACTS_BY_DATE = "https://dumps.wikimedia.org/enwiki/{yyyymmdd}/enwiki-{yyyymmdd}-abstract.xml.gz"

EXIT_LOCKED = 3

DATABASE_URL = Secret(deploy_type="env", deploy_target="DATABASE_URL", secret="sluice-db", key="DATABASE_URL")


def sluice_pod(task_id: str, arguments: list[str], **kwargs) -> KubernetesPodOperator:
    """A pod running the image's entrypoint (/usr/local/bin/sluice) with these arguments."""
    return KubernetesPodOperator(
        task_id=task_id,
        name=f"sluice-{task_id}",
        namespace=NAMESPACE,
        image=IMAGE,
        arguments=arguments,
        env_vars={"SLUICE_LOG_FORMAT": "json"},
        secrets=[DATABASE_URL],
        # Constant memory: ~52 MiB peak whatever the dump's size (see the CronJob's comments).
        container_resources=k8s.V1ResourceRequirements(
            requests={"cpu": "1", "memory": "256Mi"},
            limits={"cpu": "2", "memory": "256Mi"},
        ),
        security_context=k8s.V1PodSecurityContext(run_as_non_root=True, run_as_user=10001, run_as_group=10001),
        container_security_context=k8s.V1SecurityContext(
            allow_privilege_escalation=False,
            read_only_root_filesystem=True,  # sluice writes no files here
            capabilities=k8s.V1Capabilities(drop=["ALL"]),
        ),
        # When the task is killed or times out, the pod gets SIGTERM: time to roll back.
        termination_grace_period=120,
        get_logs=True,
        on_finish_action="delete_pod",
        **kwargs,
    )


with DAG(
    dag_id="sluice_movie_report",
    description="Top films by budget/revenue with their Wikipedia abstracts, into Postgres",
    schedule="0 1 * * *",
    start_date=pendulum.datetime(2025, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    default_args={
        "owner": "data-engineering",
        "retries": 2,
        "retry_delay": timedelta(minutes=10),
        "execution_timeout": timedelta(hours=3),
    },
    tags=["sluice"],
    doc_md=__doc__,
) as daily:
    sluice_pod(
        "load",
        ["run", "--movies", MOVIES, "--abstracts", ABSTRACTS],
        skip_on_exit_code=EXIT_LOCKED,
    )


with DAG(
    dag_id="sluice_backfill",
    description="Load the report for a range of past abstracts dumps",
    schedule=None,
    start_date=pendulum.datetime(2025, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    params={
        "from_date": Param(None, type=["null", "string"], format="date",
                           description="First dump date (YYYY-MM-DD); default: the run's logical date"),
        "to_date": Param(None, type=["null", "string"], format="date",
                         description="Last dump date (YYYY-MM-DD); default: from_date"),
        "every": Param("1m", enum=["1d", "1w", "1m"], description="Step between dump dates"),
    },
    default_args={
        "owner": "data-engineering",
        "retries": 2,
        "retry_delay": timedelta(minutes=15),
        "execution_timeout": timedelta(hours=24),
    },
    tags=["sluice"],
    doc_md=__doc__,
) as backfill:
    # Not skipped on exit 3: if another run holds the job's lock, the retry tries again later.
    sluice_pod(
        "backfill",
        [
            "backfill",
            "--from", "{{ params.from_date or ds }}",
            "--to", "{{ params.to_date or params.from_date or ds }}",
            "--every", "{{ params.every }}",
            "--abstracts", ABSTRACTS_BY_DATE,
            "--movies", MOVIES,
        ],
    )
