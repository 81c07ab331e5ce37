#!/usr/bin/env bash
# Starts a local RaftBoot key-value cluster on 127.0.0.1: HTTP 8081.., raft 7001.., data under data/.
# Usage: sample-app/run-cluster.sh [--nodes N]   (default 3). Ctrl-C stops every node it started.
set -euo pipefail

nodes=3
while [[ $# -gt 0 ]]; do
	case "$1" in
		--nodes) nodes="${2:?--nodes needs a number}"; shift 2 ;;
		--nodes=*) nodes="${1#--nodes=}"; shift ;;
		-h|--help) sed -n '2,3p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
		*) echo "unknown argument: $1 (try --nodes 5)" >&2; exit 2 ;;
	esac
done
if ! [[ "$nodes" =~ ^[1-9][0-9]*$ ]]; then
	echo "--nodes must be a positive number, got '$nodes'" >&2
	exit 2
fi

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
jar="sample-app/target/sample-app.jar"
if [[ ! -f "$jar" ]]; then
	echo "Building $jar ..."
	./mvnw -B -q -pl sample-app -am package -DskipTests
fi

peers=()
for ((i = 1; i <= nodes; i++)); do
	peers+=("--raft.peers.$i=127.0.0.1:$((7000 + i))")
done

pids=()
stop_all() {
	trap - INT TERM EXIT
	if [[ ${#pids[@]} -gt 0 ]]; then
		echo
		echo "Stopping nodes (PIDs ${pids[*]}) ..."
		kill "${pids[@]}" 2>/dev/null || true
		wait "${pids[@]}" 2>/dev/null || true
	fi
	echo "Stopped."
}
trap 'stop_all; exit 130' INT TERM
trap stop_all EXIT

mkdir -p data
for ((i = 1; i <= nodes; i++)); do
	java -jar "$jar" --server.port=$((8080 + i)) --raft.node-id=$i "${peers[@]}" \
		--raft.storage.dir="data/n$i" >"data/n$i.log" 2>&1 &
	pids+=($!)
	echo "node $i: PID $! http://127.0.0.1:$((8080 + i))  raft 127.0.0.1:$((7000 + i))  log data/n$i.log"
done

echo "Waiting for a leader ..."
leader=""
for ((attempt = 0; attempt < 240; attempt++)); do
	for pid in "${pids[@]}"; do
		if ! kill -0 "$pid" 2>/dev/null; then
			echo "A node exited early (PID $pid); see data/n*.log" >&2
			exit 1
		fi
	done
	status="$(curl -s --max-time 1 http://127.0.0.1:8081/actuator/raft || true)"
	leader="$(sed -n 's/.*"leader":\([0-9]*\).*/\1/p' <<<"$status")"
	if [[ -n "$leader" && "$leader" != "0" ]]; then
		break
	fi
	leader=""
	sleep 0.5
done
if [[ -z "$leader" ]]; then
	echo "No leader after 120s; see data/n*.log" >&2
	exit 1
fi

echo
echo "Cluster of $nodes is up; node $leader leads."
for ((i = 1; i <= nodes; i++)); do
	echo "  http://127.0.0.1:$((8080 + i))/kv   http://127.0.0.1:$((8080 + i))/actuator/raft"
done
cat <<USAGE

Try:
  curl -X PUT http://127.0.0.1:8081/kv/greeting -d hello
  curl http://127.0.0.1:8082/kv/greeting
  curl -X POST 'http://127.0.0.1:8083/kv/greeting?expect=hello' -d bonjour
  curl http://127.0.0.1:8081/kv

Press Ctrl-C to stop all nodes.
USAGE
wait "${pids[@]}"
