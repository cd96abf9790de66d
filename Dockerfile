# Multi-stage build of the `medtrack` image: the web client (Trunk) and the
# server in one builder stage, a slim runtime stage with the binary and the
# client's static files.
FROM rust:1.95-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN scripts/setup build \
 && PATH="/src/web/node_modules/.bin:$PATH" trunk build --release \
 && cargo build --release --locked -p medtrack-api --bin medtrack

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/* \
 && useradd --system --home /var/lib/medtrack --create-home medtrack
COPY --from=build /src/target/release/medtrack /usr/local/bin/medtrack
COPY --from=build /src/web/dist /usr/share/medtrack/web
USER medtrack
WORKDIR /var/lib/medtrack
ENV MEDTRACK_BIND=0.0.0.0:8080 \
    MEDTRACK_WEB_DIR=/usr/share/medtrack/web \
    MEDTRACK_DATA_DIR=/var/lib/medtrack/data \
    MEDTRACK_LOG_FORMAT=json
EXPOSE 8080
ENTRYPOINT ["medtrack"]
CMD ["serve"]
