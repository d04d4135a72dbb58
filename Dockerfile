# sluice as a container job. Both stages use the same scripts as CI and `make`:
# scripts/install-deps.sh installs the Debian packages, `make build` builds with CMake.
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
COPY --from=build /src/build/sluice /usr/local/bin/sluice
COPY fixtures/ /usr/local/share/sluice/fixtures/
RUN useradd --system --home-dir /var/lib/sluice --create-home sluice
USER sluice
WORKDIR /var/lib/sluice
# The database comes from DATABASE_URL (or PG* variables); sources are arguments, e.g.
#   docker run --rm -e DATABASE_URL=postgresql://... sluice run --movies URL --abstracts URL
ENTRYPOINT ["/usr/local/bin/sluice"]
CMD ["run", "--help"]
