# sluice as a container. Both stages use the same scripts as CI and `make`:
# scripts/install-deps.sh installs the Debian packages, `make build` builds with CMake.
#
# The default command is the scheduled job: `sluice schedule` stays in the foreground and runs
# the report at SLUICE_CRON in SLUICE_TZ, one run at a time. The run takes its settings from the
# environment, and the sources have no default here: set SLUICE_MOVIES and SLUICE_ABSTRACTS
# (a path, or an http://, https:// or file:// URL), and name the database with DATABASE_URL (or
# SLUICE_DB, or PG* variables):
#   docker run -d --name sluice -e DATABASE_URL=postgresql://loader:...@db/reports \
#     -e SLUICE_MOVIES=https://.../the-movies-dataset.zip \
#     -e SLUICE_ABSTRACTS=https://.../enwiki-20250201-abstract.xml.gz sluice
# A one-shot run (Kubernetes CronJob, Airflow, host cron) replaces the command; it exits 0
# loaded or up to date, 1 failed, 2 usage, 3 another run holds the job's lock, 130/143 rolled back:
#   docker run --rm -e DATABASE_URL=... sluice run --movies URL --abstracts URL
# Small test inputs ship in /usr/local/share/sluice/fixtures (docker-compose.yml uses them).
# deploy/README.md has the Compose, Kubernetes and Airflow examples.
FROM debian:12 AS build
WORKDIR /src
COPY CMakeLists.txt Makefile ./
COPY scripts/ scripts/
RUN scripts/install-deps.sh
COPY . .
RUN make build BUILD=/src/build && strip /src/build/sluice

FROM debian:12-slim
COPY scripts/install-deps.sh /usr/local/share/sluice/install-deps.sh
RUN /usr/local/share/sluice/install-deps.sh --runtime && rm -rf /var/lib/apt/lists/*
# A fixed numeric user: Kubernetes' runAsNonRoot can only verify a numeric USER, and volumes
# and securityContexts can name 10001 without looking inside the image.
RUN groupadd --system --gid 10001 sluice \
 && useradd --system --uid 10001 --gid 10001 --home-dir /var/lib/sluice --create-home \
      --shell /usr/sbin/nologin sluice
COPY fixtures/ /usr/local/share/sluice/fixtures/
COPY deploy/docker/healthcheck.sh /usr/local/libexec/sluice/healthcheck
COPY --from=build /src/build/sluice /usr/local/bin/sluice

# Defaults for `sluice schedule`; every one can be overridden with -e (flags beat the
# environment, which beats a SLUICE_CONFIG TOML file). JSON log lines suit log collectors.
ENV SLUICE_CRON="0 1 * * *" \
    SLUICE_TZ=UTC \
    SLUICE_LOG_FORMAT=json

# /metrics of `sluice schedule`, served only when SLUICE_METRICS_PORT is set (give it 9187, and
# SLUICE_METRICS_ADDRESS=0.0.0.0 to reach it from outside the container).
EXPOSE 9187

# SIGTERM (docker stop) makes the current run roll back, or finish if it is publishing, before
# sluice exits; give the container time for that (docker stop -t 120, stop_grace_period: 2m).
STOPSIGNAL SIGTERM

# Healthy when the scheduler answers on /metrics; a pass when SLUICE_METRICS_PORT is unset, as
# there is nothing to ask. It is a bash script over /dev/tcp rather than curl, which the slim
# image does not have and which is not worth adding for this. Kubernetes ignores HEALTHCHECK;
# the CronJob in deploy/kubernetes relies on the exit code instead.
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["/usr/local/libexec/sluice/healthcheck"]

USER 10001:10001
WORKDIR /var/lib/sluice
ENTRYPOINT ["/usr/local/bin/sluice"]
CMD ["schedule"]
