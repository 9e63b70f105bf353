"""Drives a running `swiftbyte server` with Airbyte's own Python SDK (`airbyte-api`), unchanged:
creates a faker source, a DuckDB destination and a connection with a cron schedule, triggers a sync,
polls the job to its end, and checks the API's errors. Prints one JSON object of what it saw.

Usage: python sdk_sync.py BASE_URL CLIENT_ID CLIENT_SECRET DUCKDB_PATH SECRET
"""
import json
import sys
import time

import airbyte_api
import httpx
from airbyte_api import api, errors, models

base, client_id, client_secret, duckdb_path, secret = sys.argv[1:6]
sdk = airbyte_api.AirbyteAPI(
    server_url=base,
    security=models.Security(client_credentials=models.SchemeClientCredentials(
        client_id=client_id, client_secret=client_secret, token_url=base + "/applications/token")),
    # Creating a source runs its connector's `spec` (installing it the first time): more than httpx's default 5 s.
    timeout_ms=300_000,
)
seen = {}

seen["health"] = sdk.health.get_health_check().status_code
workspace = sdk.workspaces.list_workspaces(request=api.ListWorkspacesRequest()).workspaces_response.data[0]
seen["workspace"] = workspace.name

source = sdk.sources.create_source(request=models.SourceCreateRequest(
    name="faker", workspace_id=workspace.workspace_id,
    configuration=models.SourceFaker(count=1000, seed=7, parallelism=1),
)).source_response
seen["source_type"] = source.source_type

destination = sdk.destinations.create_destination(request=models.DestinationCreateRequest(
    name="warehouse", workspace_id=workspace.workspace_id,
    configuration=models.DestinationDuckdb(destination_path=duckdb_path, motherduck_api_key=secret),
)).destination_response
seen["destination_type"] = destination.destination_type
seen["destination_configuration"] = json.loads(destination.model_dump_json(by_alias=True))["configuration"]

streams = sdk.streams.get_stream_properties(request=api.GetStreamPropertiesRequest(
    source_id=source.source_id, destination_id=destination.destination_id)).stream_properties_response
seen["streams"] = sorted(stream.stream_name for stream in streams)

connection = sdk.connections.create_connection(request=models.ConnectionCreateRequest(
    source_id=source.source_id, destination_id=destination.destination_id, name="faker to duckdb",
    schedule=models.AirbyteAPIConnectionSchedule(schedule_type=models.ScheduleTypeEnum.CRON, cron_expression="0 0 12 * * ?"),
    configurations=models.StreamConfigurations(streams=[
        models.StreamConfiguration(name="users", sync_mode=models.ConnectionSyncModeEnum.INCREMENTAL_DEDUPED_HISTORY),
        models.StreamConfiguration(name="products", sync_mode=models.ConnectionSyncModeEnum.FULL_REFRESH_OVERWRITE),
    ]),
)).connection_response
seen["cron"] = connection.schedule.cron_expression
seen["connection_streams"] = [(stream.name, stream.sync_mode.value) for stream in connection.configurations.streams]

listed = sdk.connections.list_connections(request=api.ListConnectionsRequest(workspace_ids=[workspace.workspace_id]))
seen["connections"] = len(listed.connections_response.data)

job = sdk.jobs.create_job(request=models.JobCreateRequest(
    connection_id=connection.connection_id, job_type=models.JobTypeEnum.SYNC)).job_response
deadline = time.time() + 600
while True:
    job = sdk.jobs.get_job(request=api.GetJobRequest(job_id=job.job_id)).job_response
    if job.status.value in ("succeeded", "failed", "cancelled") or time.time() > deadline:
        break
    time.sleep(1)
seen["job"] = {"id": job.job_id, "status": job.status.value, "rows": job.rows_synced, "bytes": job.bytes_synced,
               "type": job.job_type.value, "duration": job.duration}

jobs = sdk.jobs.list_jobs(request=api.ListJobsRequest(connection_id=connection.connection_id)).jobs_response
seen["jobs_listed"] = [listed_job.job_id for listed_job in jobs.data]


def problem(call):
    try:
        call()
    except errors.SDKError as error:
        body = json.loads(error.body)
        return {"status": error.status_code, "title": body.get("title"), "keys": sorted(body)}
    return None


# What the SDK's own models refuse to send, sent as it would be, with a token from the token endpoint.
token = httpx.post(base + "/applications/token", data={
    "grant_type": "client_credentials", "client_id": client_id, "client_secret": client_secret}).json()["access_token"]


def raw_problem(method, path, body):
    response = httpx.request(method, base + path, content=body, headers={
        "Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    payload = response.json()
    return {"status": response.status_code, "title": payload.get("title"), "keys": sorted(payload)}


seen["unknown_source_type"] = raw_problem("POST", "/sources", json.dumps({
    "name": "x", "workspaceId": workspace.workspace_id, "configuration": {"sourceType": "not a connector!"}}))
seen["bad_config"] = raw_problem("POST", "/sources", json.dumps({
    "name": "x", "workspaceId": workspace.workspace_id, "configuration": {"sourceType": "faker", "count": "many"}}))
seen["malformed_json"] = raw_problem("POST", "/connections", '{"sourceId": ')
seen["bad_enum"] = raw_problem("POST", "/jobs", json.dumps({"connectionId": connection.connection_id, "jobType": "resync"}))
seen["bad_page"] = raw_problem("GET", "/jobs?limit=1000", None)
seen["unknown_connection"] = problem(lambda: sdk.connections.get_connection(
    request=api.GetConnectionRequest(connection_id="00000000-0000-4000-8000-000000000000")))
seen["unknown_job"] = problem(lambda: sdk.jobs.get_job(request=api.GetJobRequest(job_id=987654)))
print(json.dumps(seen))
