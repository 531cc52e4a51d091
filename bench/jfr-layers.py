#!/usr/bin/env python3
"""Where a request's CPU goes, from a JFR recording (issue 17): each execution sample of the request threads is given
to the first layer, from the leaf up, one of whose frames matches the layer's pattern; prints the shares.

  jcmd <pid> JFR.start settings=profile duration=40s filename=eval.jfr     # during a wrk run (bench/ab.sh's lines)
  python3 bench/jfr-layers.py eval.jfr [thread-name-part, default http-nio]

Start the service with -XX:FlightRecorderOptions:stackdepth=256 (the default 64 frames cut the filter chain off);
a .jfc with jdk.ExecutionSample's period at 1 ms gives more samples than profile's 10 ms.
"""
import json, subprocess, sys, collections, re
f = sys.argv[1]; tfilter = sys.argv[2] if len(sys.argv) > 2 else 'http-nio'
LAYERS = [
 ('engine: session pool get/dispose(reset)', r'StatefulSessionPool|ScalablePool|KieSessionsPoolImpl|StatefulKnowledgeSessionImpl\.(reset|dispose)'),
 ('engine: insert', r'StatefulKnowledgeSessionImpl\.insert|NamedEntryPoint\.insert'),
 ('engine: fireAllRules', r'fireAllRules'),
 ('engine: getObjects', r'getObjects'),
 ('engine: other', r'CompiledRuleset\.evaluate'),
 ('prior defects (SQL)', r'ConfirmedDefects\.before'),
 ('metrics (CaseMetrics)', r'CaseMetrics'),
 ('json read', r'readWithMessageConverters'),
 ('bean validation', r'validateIfApplicable|ValidatorImpl|MethodValidat'),
 ('json write', r'writeWithMessageConverters|handleReturnValue'),
 ('controller/service other', r'CaseController\.evaluate|CaseService\.'),
 ('spring mvc other', r'DispatcherServlet\.doService'),
 ('api key filter', r'ApiKeyFilter'),
 ('security other', r'org/springframework/security|FilterChainProxy'),
 ('observation filter (http.server.requests)', r'ServerHttpObservationFilter'),
 ('other filters', r'OncePerRequestFilter|ApplicationFilterChain'),
 ('tomcat', r'org/apache/(coyote|catalina|tomcat)'),
]
out = subprocess.run(['jfr', 'print', '--json', '--stack-depth', '256', '--events', 'jdk.ExecutionSample', f], capture_output=True, text=True).stdout
ev = json.loads(out)['recording']['events']
c = collections.Counter(); n = 0; trunc = 0
for e in ev:
    v = e['values']; th = (v.get('sampledThread') or {}).get('javaName') or ''
    if tfilter not in th or not v.get('stackTrace'): continue
    n += 1
    if v['stackTrace'].get('truncated'): trunc += 1
    names = [fr['method']['type']['name'] + '.' + fr['method']['name'] for fr in v['stackTrace']['frames']]
    for x in names:
        hit = next((name for name, rx in LAYERS if re.search(rx, x)), None)
        if hit: c[hit] += 1; break
    else: c['(none)'] += 1
print(f'{n} samples on {tfilter} ({trunc} truncated stacks)')
for name, k in c.most_common(): print(f'{100*k/n:5.1f}%  {name}')
