import { test } from "uvu";
import * as assert from "uvu/assert";
import * as fs from "node:fs";
import * as http from "node:http";
import * as os from "node:os";
import * as path from "node:path";
import * as d2l from "d2lzh";

// The lyrics archive is found like a user's would be: D2L_DATA_DIR (CI points it at the provided
// copy), then the cache under data/, then a download.

test("charCorpus turns newlines into spaces, truncates and round-trips", () => {
  const c = d2l.charCorpus("ab\ncd\r\nab", { numChars: 6 });
  assert.is(c.corpusChars, "ab cd ");
  assert.equal(c.idxToChar, ["a", "b", " ", "c", "d"]);
  assert.equal(c.corpusIndices, [0, 1, 2, 3, 4, 2]);
  assert.is(c.vocabSize, 5);
});

test("charCorpus rejects a bad numChars by name", () => {
  assert.throws(() => d2l.charCorpus("abc", { numChars: 0 }), /charCorpus: numChars: expected a positive integer or "all", got 0/);
});

test("the tiny corpus ships with the workbook and loads without a network", async () => {
  const c = await d2l.loadDataTinyLyrics();
  assert.ok(c.vocabSize > 100 && c.corpusIndices.length > 300);
  assert.is(d2l.decode({ idxToChar: c.idxToChar, charToIdx: c.charToIdx, size: c.vocabSize }, c.corpusIndices), c.corpusChars);
});

test("the lyrics: 63,282 characters in all, V = 1,027 and 10,000 indices by default", async () => {
  const all = await d2l.loadDataJayLyrics({ numChars: "all" });
  assert.is(all.corpusIndices.length, 63_282);
  const c = await d2l.loadDataJayLyrics();
  assert.is(c.vocabSize, 1027);
  assert.is(c.corpusIndices.length, 10_000);
  assert.is(c.idxToChar.map((ch) => ch).length, 1027);
  const text = c.corpusIndices.map((i) => c.idxToChar[i]).join("");
  assert.is(text, c.corpusChars);
  assert.is(c.corpusChars.slice(0, 7), "想要有直升机 ");
});

test("a wrong archive is reported, never used", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "d2l-bad-"));
  fs.writeFileSync(path.join(dir, "jaychou_lyrics.txt.zip"), "not a zip");
  try {
    await d2l.loadDataJayLyrics({ dataDir: dir, offline: true });
    assert.unreachable("a corrupt archive was accepted");
  } catch (err) {
    assert.match(String(err), /is corrupt or not the right file \(expected 52607 bytes, got 9\)/);
  } finally {
    fs.rmSync(dir, { recursive: true });
  }
});

test("with no archive and no network the error says where it looked and how to get the file", async () => {
  const root = d2l.workbookRoot();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "d2l-none-"));
  const saved = { data: process.env.D2L_DATA_DIR, home: process.env.D2L_HOME };
  delete process.env.D2L_DATA_DIR;
  process.env.D2L_HOME = dir;
  fs.mkdirSync(path.join(dir, "data"));
  fs.copyFileSync(path.join(root, "data", "datasets.json"), path.join(dir, "data", "datasets.json"));
  try {
    await d2l.loadDataJayLyrics({ offline: true });
    assert.unreachable("loaded a corpus that is not there");
  } catch (err) {
    const message = String(err);
    assert.match(message, /jaychou_lyrics.txt.zip was not found in:/);
    assert.match(message, path.join(dir, "data", "cache"));
    assert.match(message, /Download https:\/\/raw.githubusercontent.com\/d2l-ai\/d2l-zh\/v1\/data\/jaychou_lyrics.txt.zip by hand/);
  } finally {
    if (saved.data !== undefined) process.env.D2L_DATA_DIR = saved.data;
    if (saved.home === undefined) delete process.env.D2L_HOME;
    else process.env.D2L_HOME = saved.home;
    fs.rmSync(dir, { recursive: true });
  }
});

test("a missing archive is downloaded, verified and cached; a wrong download is refused", async () => {
  const archive = await d2l.datasetBytes("jaychou_lyrics");
  let body: Uint8Array = archive;
  // A server on loopback stands in for the public address.
  const server = http.createServer((_req, res) => res.end(body));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "d2l-dl-"));
  const manifest = d2l.datasetManifest();
  fs.mkdirSync(path.join(dir, "data"));
  const entry = { ...manifest.jaychou_lyrics, url: `http://127.0.0.1:${port}/jaychou_lyrics.txt.zip` };
  fs.writeFileSync(path.join(dir, "data", "datasets.json"), JSON.stringify({ ...manifest, jaychou_lyrics: entry }));
  const saved = { data: process.env.D2L_DATA_DIR, home: process.env.D2L_HOME };
  delete process.env.D2L_DATA_DIR;
  process.env.D2L_HOME = dir;
  try {
    body = archive.subarray(0, 100);
    await d2l.loadDataJayLyrics({ offline: false }).then(
      () => assert.unreachable("a truncated download was accepted"),
      (err) => assert.match(String(err), /is not the expected file \(expected 52607 bytes, got 100\)/),
    );
    assert.not.ok(fs.existsSync(path.join(dir, "data", "cache", "jaychou_lyrics.txt.zip")));
    body = archive;
    const c = await d2l.loadDataJayLyrics({ offline: false });
    assert.is(c.vocabSize, 1027);
    assert.ok(fs.existsSync(path.join(dir, "data", "cache", "jaychou_lyrics.txt.zip")), "the download was cached");
  } finally {
    server.close();
    if (saved.data !== undefined) process.env.D2L_DATA_DIR = saved.data;
    if (saved.home === undefined) delete process.env.D2L_HOME;
    else process.env.D2L_HOME = saved.home;
    fs.rmSync(dir, { recursive: true });
  }
});

test("an unknown dataset name lists the known ones", async () => {
  await d2l.datasetText("nope").then(
    () => assert.unreachable(),
    (err) => assert.match(String(err), /dataset: name: expected one of jaychou_lyrics, tiny_lyrics; got "nope"/),
  );
});

test.run();
