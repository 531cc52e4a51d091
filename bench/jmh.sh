#!/usr/bin/env bash
# The engine alone (JMH, src/test/java/.../bench/EngineBenchmark) on the packaged jar's class path: the benchmark
# runs inside the jar's own class loader (Spring Boot's PropertiesLauncher, the JMH and benchmark classes added with
# loader.path), so it sees what the service sees: Drools and MVEL loading classes through the nested-jar class loader.
#
#   bench/jmh.sh [JMH options]        default: EngineBenchmark (both benchmarks), e.g. bench/jmh.sh 'EngineBenchmark.evaluate$' -i 3
#   PLAIN=1 bench/jmh.sh              the same on the plain Maven class path (forked, as mvn -Pbench test-compile exec:exec)
#   SKIP_BUILD=1 JAR=...              use a jar already built
#
# JMH runs without forking here (-f 0): a fork would start a plain JVM on java.class.path, outside the jar's loader.
# The warm-up iterations of EngineBenchmark (6 x 4 s) are kept.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
if [[ -z "${SKIP_BUILD:-}" ]]; then
  mvn -B -q package -DskipTests -Dpostgres-suite.skip
fi
# the benchmark classes (with JMH's generated ones) and JMH's own jars
mvn -B -q -o -Pbench test-compile dependency:build-classpath -Dpostgres-suite.skip \
  -Dmdep.includeArtifactIds=jmh-core,jopt-simple,commons-math3 -Dmdep.outputFile=target/jmh-cp.txt
ARGS=("$@")
[[ ${#ARGS[@]} -eq 0 ]] && ARGS=(EngineBenchmark)
if [[ -n "${PLAIN:-}" ]]; then
  exec mvn -B -q -o -Pbench exec:exec -Dpostgres-suite.skip -Dbench.args="${ARGS[*]}"
fi
JAR=${JAR:-$(ls "$ROOT"/target/aftersales-decision-service-*.jar | grep -v original | head -1)}
D=$ROOT/target/jmh-on-jar
rm -rf "$D" && mkdir -p "$D/classes/com/example/aftersales" "$D/lib"
cp -r target/test-classes/com/example/aftersales/bench "$D/classes/com/example/aftersales/"
cp -r target/test-classes/META-INF "$D/classes/" # BenchmarkList
tr ':' '\n' < target/jmh-cp.txt | xargs -I{} cp {} "$D/lib/"
exec java -Xms1g -Xmx1g -Dloader.path="$D/classes,$D/lib" -Dloader.main=org.openjdk.jmh.Main \
  -cp "$JAR" org.springframework.boot.loader.launch.PropertiesLauncher "${ARGS[@]}" -f 0
