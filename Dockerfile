# Playbook: Node builds the frontend, Go builds one static binary with the
# frontend embedded, and a small runtime image runs it.

FROM node:20-bookworm-slim AS web
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
RUN npm run build

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
COPY --from=web /src/frontend/dist ./frontend/dist
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/playbook ./cmd/playbook \
 && mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/playbook /usr/local/bin/playbook
COPY --from=build --chown=nonroot:nonroot /out/data /data
ENV PLAYBOOK_ADDR=:8080 \
    PLAYBOOK_DB=/data/playbook.db \
    PLAYBOOK_LOG=json
VOLUME /data
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=4s --start-period=5s --retries=3 \
  CMD ["playbook", "healthcheck", "--url", "http://127.0.0.1:8080/readyz"]
ENTRYPOINT ["playbook"]
CMD ["serve"]
