#!/usr/bin/env bash
# The engine alone (JMH, src/test/java/.../bench/EngineBenchmark) on the packaged jar's class path: the benchmark
# runs inside the jar's own class loader (Spring Boot's PropertiesLauncher, the JMH and benchmark classes added with
# loader.path), so it sees what the service sees: Drools and MVEL loading classes through the nested-jar class loader.
#
#   bench/jmh.sh [JMH options]        default: EngineBenchmark (both benchmarks), e.g. bench/jmh.sh 'EngineBenchmark.evaluate$' -i 3
#   PLAIN=1 bench/jmh.sh              the same jars extracted (java -Djarmode=tools extract) on a plain class path: the
#                                     difference between the two is the nested-jar class loader's
#   (mvn -B -Pbench test-compile exec:exec runs it forked on Maven's class path, see docs/PERFORMANCE.md)
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
# (SKIP_COMPILE=1: the -Pbench test classes are already in target/test-classes)
# the benchmark classes (with JMH's generated ones) and JMH's own jars
[[ -n "${SKIP_COMPILE:-}" ]] || mvn -B -q -Pbench test-compile -Dpostgres-suite.skip
M2=${M2_REPO:-$HOME/.m2/repository}
JMH_JARS=$(ls "$M2"/org/openjdk/jmh/jmh-core/1.37/jmh-core-1.37.jar "$M2"/net/sf/jopt-simple/jopt-simple/*/jopt-simple-*.jar \
  "$M2"/org/apache/commons/commons-math3/*/commons-math3-*.jar | grep -v sources)
ARGS=("$@")
[[ ${#ARGS[@]} -eq 0 ]] && ARGS=(EngineBenchmark)
JAR=${JAR:-$(ls "$ROOT"/target/aftersales-decision-service-*.jar | grep -v original | head -1)}
D=$ROOT/target/jmh-on-jar
rm -rf "$D" && mkdir -p "$D/classes/com/example/aftersales" "$D/lib"
cp -r target/test-classes/com/example/aftersales/bench "$D/classes/com/example/aftersales/"
mkdir -p "$D/classes/META-INF" && cp target/test-classes/META-INF/BenchmarkList target/test-classes/META-INF/CompilerHints "$D/classes/META-INF/"
cp $JMH_JARS "$D/lib/"
if [[ -n "${PLAIN:-}" ]]; then # the same jars, extracted, on a plain class path (the JDK's loader)
  java -Djarmode=tools -jar "$JAR" extract --destination "$D/extracted" > /dev/null
  exec java -Xms1g -Xmx1g -cp "$D/extracted/$(basename "$JAR"):$D/extracted/lib/*:$D/classes:$D/lib/*" \
    org.openjdk.jmh.Main "${ARGS[@]}" -f 0
fi
exec java -Xms1g -Xmx1g -Dloader.path="$D/classes,$D/lib" -Dloader.main=org.openjdk.jmh.Main \
  -cp "$JAR" org.springframework.boot.loader.launch.PropertiesLauncher "${ARGS[@]}" -f 0
