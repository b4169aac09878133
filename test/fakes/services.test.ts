import { createWorld } from './index';

type Any = any;

describe('PropertiesService fake', () => {
  test('stores strings; setProperties with deleteAllOthers; keys', () => {
    const w = createWorld();
    const p: Any = w.execution().globals.PropertiesService.getUserProperties();
    p.setProperty('n', 42);
    expect(p.getProperty('n')).toBe('42');
    expect(p.getProperty('missing')).toBeNull();
    p.setProperties({ a: 1, b: true });
    expect(p.getProperties()).toEqual({ n: '42', a: '1', b: 'true' });
    p.setProperties({ c: 'x' }, true);
    expect(p.getKeys()).toEqual(['c']);
    p.deleteProperty('c');
    expect(p.getKeys()).toEqual([]);
  });

  test('9 KB per value and 500 KB per store', () => {
    const w = createWorld();
    const p: Any = w.execution().globals.PropertiesService.getScriptProperties();
    expect(() => p.setProperty('k', 'x'.repeat(9 * 1024))).toThrow('Argument too large: value');
    p.setProperty('k', 'x'.repeat(9 * 1024 - 1));
    // multi-byte characters count in bytes
    expect(() => p.setProperty('e', 'é'.repeat(4700))).toThrow('Argument too large: value');
    for (let i = 0; i < 55; i++) p.setProperty(`key${i}`, 'y'.repeat(9000));
    expect(() => p.setProperty('one-more', 'y'.repeat(9000))).toThrow(/exceeded the property storage quota/);
    expect(p.getProperty('one-more')).toBeNull();
  });

  test('the limits count UTF-8 bytes of key and value, and a refused write changes nothing', () => {
    const w = createWorld();
    const p: Any = w.execution().globals.PropertiesService.getDocumentProperties();
    const key = 'ключ'.repeat(25); // 100 characters, 200 bytes
    expect(() => p.setProperty(key, 'x'.repeat(9 * 1024 - 199))).toThrow('Argument too large: value');
    p.setProperty(key, 'x'.repeat(9 * 1024 - 200));
    for (let i = 0; i < 55; i++) p.setProperty(`k${i}`, 'y'.repeat(9000));
    const before = JSON.stringify(p.getProperties());
    // One call that would pass 500 KB: none of its values is stored, not even the one that shrinks.
    expect(() => p.setProperties({ k0: 'z', big1: 'y'.repeat(9000), big2: 'y'.repeat(9000) })).toThrow(
      /exceeded the property storage quota/,
    );
    expect(JSON.stringify(p.getProperties())).toBe(before);
  });

  test('user, document and script stores are separate; document store per spreadsheet', () => {
    const w = createWorld();
    const other = w.createSpreadsheet({ owner: 'bob@example.com' });
    const g1: Any = w.execution().globals;
    g1.PropertiesService.getUserProperties().setProperty('k', 'owner');
    g1.PropertiesService.getDocumentProperties().setProperty('k', 'doc1');
    const g2: Any = w.execution({ user: 'editor@example.com', spreadsheetId: other.id }).globals;
    expect(g2.PropertiesService.getUserProperties().getProperty('k')).toBeNull();
    expect(g2.PropertiesService.getDocumentProperties().getProperty('k')).toBeNull();
    expect(w.userStore('owner@example.com').data.get('k')).toBe('owner');
    expect(w.documentStore(w.firstSpreadsheetId).data.get('k')).toBe('doc1');
    // trigger mode still has the document store of its spreadsheet
    expect((w.execution('trigger').globals as Any).PropertiesService.getDocumentProperties().getProperty('k')).toBe(
      'doc1',
    );
  });

  test("custom_function: getUserProperties is the SPREADSHEET OWNER's store, read-only", () => {
    const w = createWorld();
    (w.execution().globals as Any).PropertiesService.getUserProperties().setProperty('apiKey', 'owner-key');
    (w.execution({ user: 'editor@example.com' }).globals as Any).PropertiesService.getUserProperties().setProperty(
      'apiKey',
      'editor-key',
    );
    const g: Any = w.execution({ mode: 'custom_function', user: 'editor@example.com' }).globals;
    const p = g.PropertiesService.getUserProperties();
    expect(p.getProperty('apiKey')).toBe('owner-key');
    expect(() => p.setProperty('apiKey', 'x')).toThrow('You do not have permission to call setProperty');
    expect(() => p.deleteProperty('apiKey')).toThrow(/permission/);
    expect(() => g.PropertiesService.getDocumentProperties().setProperties({ a: 1 })).toThrow(/permission/);
  });
});

describe('CacheService fake', () => {
  test('TTL on the virtual clock', () => {
    const w = createWorld();
    const c: Any = w.execution().globals.CacheService.getScriptCache();
    c.put('a', 'A', 60);
    c.put('b', 'B'); // default 600 s
    w.clock.advance(59_999);
    expect(c.get('a')).toBe('A');
    w.clock.advance(1);
    expect(c.get('a')).toBeNull();
    expect(c.getAll(['a', 'b', 'zz'])).toEqual({ b: 'B' });
    w.clock.advance(600_000);
    // a later execution (this one would be over its 6-minute budget)
    expect((w.execution().globals as Any).CacheService.getScriptCache().get('b')).toBeNull();
  });

  test('limits: key 250, value 100 KB, ttl 21600', () => {
    const w = createWorld();
    const c: Any = w.execution().globals.CacheService.getUserCache();
    expect(() => c.put('k'.repeat(251), 'v')).toThrow('Argument too large: key');
    c.put('k'.repeat(250), 'v');
    expect(() => c.put('k', 'v'.repeat(100 * 1024 + 1))).toThrow('Argument too large: value');
    c.put('k', 'v'.repeat(100 * 1024));
    expect(() => c.put('k', 'v', 21601)).toThrow(/expirationInSeconds/);
    c.put('k', 'v', 21600);
    expect(() => c.putAll({ a: 'x' }, 30000)).toThrow(/expirationInSeconds/);
  });

  test('1,000 items: the oldest is evicted', () => {
    const w = createWorld();
    const c: Any = w.execution().globals.CacheService.getDocumentCache();
    const batch: Record<string, string> = {};
    for (let i = 0; i < 1001; i++) batch[`k${i}`] = String(i);
    c.putAll(batch);
    expect(c.get('k0')).toBeNull();
    expect(c.get('k1')).toBe('1');
    expect(c.get('k1000')).toBe('1000');
    c.removeAll(['k1', 'k2']);
    expect(c.get('k1')).toBeNull();
  });

  test('evictCaches and keys ever written', () => {
    const w = createWorld();
    const g: Any = w.execution().globals;
    g.CacheService.getScriptCache().put('report:abc', 'x');
    g.CacheService.getScriptCache().remove('report:abc');
    g.CacheService.getUserCache().put('u', 'y');
    w.evictCaches();
    expect(g.CacheService.getUserCache().get('u')).toBeNull();
    expect([...w.cacheKeysWritten]).toEqual(['report:abc', 'u']);
  });
});

describe('LockService fake', () => {
  test('tryLock/waitLock against a lock held by another execution; waiting advances the clock', () => {
    const w = createWorld();
    const held = w.holdLock('document');
    const x = w.execution();
    const lock: Any = (x.globals as Any).LockService.getDocumentLock();
    const t0 = w.clock.now();
    expect(lock.tryLock(5000)).toBe(false);
    expect(w.clock.now() - t0).toBe(5000);
    expect(() => lock.waitLock(1000)).toThrow('Lock timeout: another process was holding the lock for too long.');
    held.release();
    expect(lock.tryLock(0)).toBe(true);
    expect(lock.hasLock()).toBe(true);
    // a second execution cannot take it until the first ends
    const other: Any = (w.execution().globals as Any).LockService.getDocumentLock();
    expect(other.tryLock(10)).toBe(false);
    x.end();
    expect(other.tryLock(10)).toBe(true);
    other.releaseLock();
    expect(other.hasLock()).toBe(false);
  });

  test('a holder that lets go later', () => {
    const w = createWorld();
    w.holdLock('script', undefined, { releaseAfterMs: 3000 });
    const lock: Any = (w.execution().globals as Any).LockService.getScriptLock();
    const t0 = w.clock.now();
    lock.waitLock(10_000);
    expect(w.clock.now() - t0).toBe(3000);
  });
});

describe('ScriptApp fake', () => {
  test('one time-driven trigger per user per document, at most hourly', () => {
    const w = createWorld();
    const g: Any = w.execution().globals;
    expect(() => g.ScriptApp.newTrigger('refresh').timeBased().everyMinutes(30)).toThrow(
      /more often than once per hour/,
    );
    expect(() => g.ScriptApp.newTrigger('refresh').timeBased().everyHours(0)).toThrow(/once per hour/);
    const t = g.ScriptApp.newTrigger('refresh').timeBased().everyHours(1).create();
    expect(t.getHandlerFunction()).toBe('refresh');
    expect(t.getEventType()).toBe(g.ScriptApp.EventType.CLOCK);
    expect(() => g.ScriptApp.newTrigger('other').timeBased().everyDays(1).atHour(6).create()).toThrow(
      'This add-on has created too many time-based triggers in this document for this Google user account.',
    );
    // another user, or another document, may have its own
    (w.execution({ user: 'editor@example.com' }).globals as Any).ScriptApp.newTrigger('refresh')
      .timeBased()
      .everyHours(2)
      .create();
    const doc2 = w.createSpreadsheet();
    (w.execution({ spreadsheetId: doc2.id }).globals as Any).ScriptApp.newTrigger('refresh')
      .timeBased()
      .everyHours(4)
      .create();
    expect(w.triggers).toHaveLength(3);
    expect(g.ScriptApp.getProjectTriggers()).toHaveLength(1);
    g.ScriptApp.deleteTrigger(g.ScriptApp.getProjectTriggers()[0]);
    expect(g.ScriptApp.getProjectTriggers()).toHaveLength(0);
    g.ScriptApp.newTrigger('refresh').timeBased().everyHours(6).create();
  });

  test('20 triggers per user per script', () => {
    const w = createWorld();
    for (let i = 0; i < 20; i++) {
      const d = w.createSpreadsheet();
      (w.execution({ spreadsheetId: d.id }).globals as Any).ScriptApp.newTrigger('f')
        .timeBased()
        .everyHours(1)
        .create();
    }
    expect(() => (w.execution().globals as Any).ScriptApp.newTrigger('f').timeBased().everyHours(1).create()).toThrow(
      /too many triggers/,
    );
  });

  test('authorization info and mode restrictions', () => {
    const w = createWorld();
    const g: Any = w.execution().globals;
    expect(g.ScriptApp.getAuthorizationInfo(g.ScriptApp.AuthMode.FULL).getAuthorizationStatus()).toBe('NOT_REQUIRED');
    w.setAuthorizationRequired(true);
    const info = g.ScriptApp.getAuthorizationInfo(g.ScriptApp.AuthMode.FULL);
    expect(info.getAuthorizationStatus()).toBe(g.ScriptApp.AuthorizationStatus.REQUIRED);
    expect(info.getAuthorizationUrl()).toMatch(/^https:/);
    const cf: Any = w.execution('custom_function').globals;
    expect(() => cf.ScriptApp.newTrigger('x')).toThrow('You do not have permission to call ScriptApp.newTrigger');
    expect(() => cf.HtmlService.createHtmlOutput('x')).toThrow(/permission/);
    expect(cf.ScriptApp.AuthMode.CUSTOM_FUNCTION).toBe('CUSTOM_FUNCTION');
  });
});

describe('Session, HtmlService, Logger', () => {
  test('active user per mode', () => {
    const w = createWorld();
    const email = (mode: Any, user?: string) =>
      (w.execution({ mode, user }).globals as Any).Session.getActiveUser().getEmail();
    expect(email('full')).toBe('owner@example.com');
    expect(email('custom_function')).toBe('');
    expect(email('trigger')).toBe('owner@example.com');
    expect(email('trigger', 'editor@example.com')).toBe('');
    const g: Any = w.execution({ user: 'editor@example.com' }).globals;
    expect(g.Session.getEffectiveUser().getEmail()).toBe('editor@example.com');
    expect(g.Session.getScriptTimeZone()).toBe('Europe/Berlin');
    const k1 = g.Session.getTemporaryActiveUserKey();
    expect(k1).toBe((w.execution({ user: 'editor@example.com' }).globals as Any).Session.getTemporaryActiveUserKey());
    expect(k1).not.toBe((w.execution().globals as Any).Session.getTemporaryActiveUserKey());
  });

  test('HtmlService outputs and templates', () => {
    const w = createWorld({ files: { sidebar: '<b>hi</b>', tpl: '<i><?= name ?></i><?!= raw ?>' } });
    const g: Any = w.execution().globals;
    const out = g.HtmlService.createHtmlOutputFromFile('sidebar.html')
      .setTitle('T')
      .setWidth(300)
      .setSandboxMode(g.HtmlService.SandboxMode.IFRAME);
    expect(out.getContent()).toBe('<b>hi</b>');
    expect(out.getTitle()).toBe('T');
    expect(() => g.HtmlService.createHtmlOutputFromFile('nope')).toThrow('No HTML file named nope was found.');
    const t = g.HtmlService.createTemplateFromFile('tpl');
    t.name = '<x>';
    t.raw = '<br>';
    expect(t.evaluate().getContent()).toBe('<i>&lt;x&gt;</i><br>');
  });

  test('Logger and console are recorded', () => {
    const w = createWorld();
    const g: Any = w.execution().globals;
    g.Logger.log('a %s b', 1);
    g.console.warn('careful', { x: 1 });
    expect(w.logs.map((l) => l.message)).toEqual(['a 1 b', 'careful { x: 1 }']);
  });
});

describe('budget on the virtual clock', () => {
  test('custom function: 30 s, then every service call throws', () => {
    const w = createWorld();
    const g: Any = w.execution('custom_function').globals;
    g.Utilities.sleep(30_000);
    expect(g.SpreadsheetApp.getActiveSpreadsheet()).not.toBeNull();
    w.clock.advance(1);
    expect(() => g.SpreadsheetApp.getActiveSpreadsheet()).toThrow('Exceeded maximum execution time');
    expect(() => g.CacheService.getScriptCache()).toThrow('Exceeded maximum execution time');
  });

  test('full: 6 minutes; budget override', () => {
    const w = createWorld();
    const g: Any = w.execution('full').globals;
    w.clock.advance(6 * 60_000);
    g.Utilities.getUuid();
    w.clock.advance(1);
    expect(() => g.Utilities.getUuid()).toThrow('Exceeded maximum execution time');
    const g2: Any = w.execution({ mode: 'full', budgetMs: 10 }).globals;
    w.clock.advance(11);
    expect(() => g2.Session.getScriptTimeZone()).toThrow('Exceeded maximum execution time');
  });
});

describe('allText', () => {
  test('finds strings everywhere except Authorization headers', () => {
    const w = createWorld({ files: { s: '<p>SIDEBAR-SECRET</p>' } });
    const g: Any = w.execution().globals;
    g.SpreadsheetApp.getActiveSpreadsheet()
      .getSheets()[0]
      .getRange('A1')
      .setValue('CELL-SECRET')
      .setNote('NOTE-SECRET');
    g.PropertiesService.getDocumentProperties().setProperty('PROP-KEY-SECRET', 'PROP-SECRET');
    g.CacheService.getScriptCache().put('CACHE-KEY-SECRET', 'CACHE-SECRET');
    g.CacheService.getScriptCache().remove('CACHE-KEY-SECRET');
    g.Logger.log('LOG-SECRET');
    g.SpreadsheetApp.getUi().showSidebar(g.HtmlService.createHtmlOutputFromFile('s'));
    g.SpreadsheetApp.getUi().alert('ALERT-SECRET');
    g.SpreadsheetApp.getActiveSpreadsheet().toast('TOAST-SECRET');
    w.http.push({
      url: 'http://127.0.0.1/URL-SECRET',
      method: 'POST',
      headers: { Authorization: 'Api-Key AUTH-SECRET', 'X-H': 'HEADER-SECRET' },
      payload: 'PAYLOAD-SECRET',
      status: 200,
      virtualTime: 0,
      latencyMs: 0,
      responseHeaders: {},
      responseBody: null,
      error: null,
      executionId: 'x',
    });
    const text = w.allText().join('\n');
    for (const s of [
      'CELL',
      'NOTE',
      'PROP-KEY',
      'PROP',
      'CACHE-KEY',
      'LOG',
      'SIDEBAR',
      'ALERT',
      'TOAST',
      'URL',
      'HEADER',
      'PAYLOAD',
    ]) {
      expect(text).toContain(`${s}-SECRET`);
    }
    expect(text).not.toContain('AUTH-SECRET');
  });
});
