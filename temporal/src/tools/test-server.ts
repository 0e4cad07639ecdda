import { spawn } from 'node:child_process';
import { access, chmod, constants, mkdir, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { withBuildLock } from './build-lock.ts';
import { ToolInstallError } from './install.ts';
import { toolsBinDir } from './paths.ts';

/**
 * Temporal's time-skipping test server, for workflow tests that skip hours of timers. The SDK would download a native
 * build from GitHub, which this project's machines cannot reach; the same server is published on Maven Central as
 * `io.temporal:temporal-test-server` (main class `io.temporal.testserver.TestServer <port>`), so it is resolved with
 * Maven into the tools folder and started by a small script the SDK runs as an `existing-path` executable.
 */
export const TEST_SERVER_VERSION = '1.31.0';

/** Where the script lives: `<tools>/temporal-test-server-<version>/test-server`. */
export function testServerDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(toolsBinDir(env), '..', `temporal-test-server-${TEST_SERVER_VERSION}`);
}

function run(command: string, args: string[], cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
    child.stderr.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
    child.on('error', (error) => reject(new ToolInstallError(`${command} could not run (${error.message}); Debian: apt-get install maven default-jdk-headless`)));
    child.on('exit', (code) => resolvePromise({ code: code ?? 1, output }));
  });
}

const POM = `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>csms.tools</groupId>
  <artifactId>temporal-test-server-launcher</artifactId>
  <version>1</version>
  <dependencies>
    <dependency>
      <groupId>io.temporal</groupId>
      <artifactId>temporal-test-server</artifactId>
      <version>${TEST_SERVER_VERSION}</version>
    </dependency>
  </dependencies>
</project>
`;

/**
 * Returns the path of the test server's launcher (`TEMPORAL_TEST_SERVER_PATH` if set), resolving the jars with Maven
 * on first use (java 17 and mvn needed); several processes asking at once build it once.
 */
export async function ensureTestServer(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  if (env.TEMPORAL_TEST_SERVER_PATH) return env.TEMPORAL_TEST_SERVER_PATH;
  const dir = testServerDir(env);
  const launcher = join(dir, 'test-server');
  const ready = () => access(launcher, constants.X_OK).then(() => true, () => false);
  if (await ready()) return launcher;
  await mkdir(resolve(dir, '..'), { recursive: true });
  return withBuildLock(`${dir}.lock`, async () => {
    if (await ready()) return launcher;
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'pom.xml'), POM);
    process.stderr.write(`[install temporal-test-server] resolving io.temporal:temporal-test-server:${TEST_SERVER_VERSION} with Maven (first run only)\n`);
    const resolved = await run('mvn', ['-q', '-B', 'dependency:copy-dependencies', `-DoutputDirectory=${join(dir, 'lib')}`], dir);
    if (resolved.code !== 0) throw new ToolInstallError(`mvn exited with ${resolved.code}: ${resolved.output.split('\n').slice(-5).join(' ')}`);
    await writeFile(launcher, `#!/bin/sh\nexec java -cp "${join(dir, 'lib')}/*" io.temporal.testserver.TestServer "$@"\n`);
    await chmod(launcher, 0o755);
    return launcher;
  }, () => process.stderr.write('[install temporal-test-server] waiting for another process that is resolving it\n'));
}

/** A running time-skipping test server. */
export interface TestServer {
  /** `127.0.0.1:<port>`, namespace `default`. */
  readonly address: string;
  stop(): Promise<void>;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolvePromise(true)));
    socket.once('error', () => resolvePromise(false));
  });
}

/**
 * Starts the test server on `port` and waits until it accepts connections (the JVM may take a while on a loaded box;
 * the SDK's own launcher gives it five seconds). Connect with the SDK's time-skipping support switched on.
 */
export async function startTestServer(launcher: string, port: number, timeoutMs = 120_000): Promise<TestServer> {
  const child = spawn(launcher, [String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  const exited = new Promise<void>((resolvePromise) => child.on('exit', () => resolvePromise()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new ToolInstallError(`the test server exited with ${child.exitCode}: ${stderr}`);
    if (await accepts(port)) return { address: `127.0.0.1:${port}`, stop };
    await delay(200);
  }
  await stop();
  throw new ToolInstallError(`the test server did not listen on ${port} within ${timeoutMs} ms: ${stderr}`);
}
