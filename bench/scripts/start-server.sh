#!/bin/bash
# start-server.sh <server build folder> <port>: a server on $WORK/large.db (SQLite) in the background; prints its pid.
dir=$1; port=$2; mkdir -p ${WORK:-/tmp/amparo-large-page}
cd $dir
export Urls=http://127.0.0.1:$port ASPNETCORE_ENVIRONMENT=Production Database__Provider=Sqlite "ConnectionStrings__Amparo=Data Source=${WORK:-/tmp/amparo-large-page}/large.db" \
 AMPARO_ADMIN_PASSWORD=mem-admin-password-2026 DataProtection__KeysPath=${WORK:-/tmp/amparo-large-page}/keys Attachments__Path=${WORK:-/tmp/amparo-large-page}/att \
 Logging__LogLevel__Default=Warning Auth__PasswordHashIterations=1000 Auth__FailedSignInsPerSourcePerMinute=100000
nohup dotnet Amparo.Server.dll > ${WORK:-/tmp/amparo-large-page}/server-$port.log 2>&1 &
echo $!
