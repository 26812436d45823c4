/* eslint-disable max-lines -- the field app's shell: lock, sync and screen changes share one state */
import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, AppShell, Badge, Button, Center, Container, Group, Loader, Text } from '@mantine/core';
import { useField } from './context';
import { LoginScreen, SetPinScreen, UnlockScreen, WipedNotice } from './screens/Access';
import { HomeScreen } from './screens/Home';
import { AnswerScreen, ReturnedList } from './screens/Checks';
import { VisitTasks } from './screens/Visits';
import { listVisits, recordVisit, type RecordedVisit } from './store/visits';
import {
  answerCheck,
  listAnswers,
  readChecks,
  refreshChecks,
  type QueuedAnswer,
  type ReturnedCheck,
} from './store/checks';
import { ItemScreen } from './screens/Item';
import { RecordScreen } from './screens/Record';
import { BUNDLE_FRESH_DAYS, readBundle, refreshBundle, type Bundle } from './store/bundle';
import { compressPhoto } from './store/photo';
import {
  editComplaint,
  getItem,
  listItems,
  recordComplaint,
  resolveConflict,
  type ComplaintInput,
  type QueuedItem,
} from './store/queue';
import { AUTO_LOCK_MS, FieldError } from './store/session';
import { syncNow, type SyncProgress, type SyncReport } from './store/sync';
import { when } from './labels';

type View =
  | { name: 'home' }
  | { name: 'answer'; check: ReturnedCheck }
  | { name: 'record' }
  | { name: 'item'; id: string }
  | { name: 'edit'; id: string }
  | { name: 'relogin' };

function useOnline(): boolean {
  const [online, setOnline] = useState(navigator.onLine);
  useEffect(() => {
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    return () => {
      window.removeEventListener('online', on);
      window.removeEventListener('offline', off);
    };
  }, []);
  return online;
}

/** Locks the app after a while without a touch or a key (and when it comes back after that long hidden). */
function useAutoLock(lock: () => void, active: boolean): void {
  useEffect(() => {
    if (!active) return;
    let last = Date.now();
    const touch = () => {
      last = Date.now();
    };
    const check = () => {
      if (Date.now() - last >= AUTO_LOCK_MS) lock();
    };
    const events = ['pointerdown', 'keydown', 'touchstart', 'scroll'] as const;
    events.forEach((e) => window.addEventListener(e, touch, { passive: true }));
    document.addEventListener('visibilitychange', check);
    const timer = window.setInterval(check, 15_000);
    return () => {
      events.forEach((e) => window.removeEventListener(e, touch));
      document.removeEventListener('visibilitychange', check);
      window.clearInterval(timer);
    };
  }, [lock, active]);
}

export function App() {
  const session = useField();
  const online = useOnline();
  const [view, setView] = useState<View>({ name: 'home' });
  const [items, setItems] = useState<QueuedItem[]>([]);
  const [bundle, setBundleState] = useState<Bundle | undefined>();
  const [stale, setStale] = useState(false);
  const setBundle = useCallback((b: Bundle | undefined) => {
    setBundleState(b);
    setStale(!!b && Date.now() - new Date(b.fetchedAt).getTime() > BUNDLE_FRESH_DAYS * 86_400_000);
  }, []);
  const [checks, setChecks] = useState<ReturnedCheck[]>([]);
  const [answers, setAnswers] = useState<QueuedAnswer[]>([]);
  const [visits, setVisits] = useState<RecordedVisit[]>([]);
  const [syncing, setSyncing] = useState<SyncProgress | null>(null);
  const [report, setReport] = useState<SyncReport | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const running = useRef<Promise<void> | null>(null);
  const again = useRef(false);
  const unlocked = session.phase === 'unlocked';

  useEffect(() => {
    void session.start();
  }, [session]);
  useAutoLock(
    useCallback(() => session.lock(), [session]),
    unlocked,
  );

  const reload = useCallback(async () => {
    if (!session.key) return;
    setItems(await listItems(session.key));
    setBundle(await readBundle(session.key));
    setChecks(await readChecks(session.key));
    setAnswers(await listAnswers(session.key));
    setVisits(await listVisits(session.key));
  }, [session, setBundle]);

  /** Online chores: enrol the phone once, refresh the reference data. */
  const prepare = useCallback(async () => {
    if (!session.key || session.needsLogin || !navigator.onLine) return;
    // Each chore on its own: one failing (a server without some endpoint) does not stop the others.
    const problems: string[] = [];
    const step = async (run: () => Promise<unknown>) => {
      try {
        await run();
      } catch (e) {
        if (e instanceof FieldError && e.status !== 0) problems.push(e.message);
      }
    };
    await step(() => session.enrol());
    await step(() => session.checkDevice());
    if (!session.key) return; // wiped: the device was revoked
    await step(async () => setBundle(await refreshBundle(session)));
    await step(async () => setChecks(await refreshChecks(session)));
    setProblem(problems[0] ?? null);
  }, [session, setBundle]);

  const sync = useCallback(() => {
    if (running.current) {
      // Pressed while a sync runs, perhaps past the step that would see what changed since (a
      // revoked phone, new answers): one more round follows it instead of the press being lost.
      again.current = true;
      return running.current;
    }
    running.current = (async () => {
      try {
        do {
          again.current = false;
          setReport(null);
          // The button shows it is busy from the press on, the online chores included.
          setSyncing({ message: 'Menyiapkan sinkronisasi', done: 0, total: 1 });
          await prepare();
          if (!session.key) return; // wiped (device revoked) or locked meanwhile
          const r = await syncNow(session, setSyncing);
          setReport(r);
        } while (again.current);
      } finally {
        setSyncing(null);
        running.current = null;
        await reload();
      }
    })();
    return running.current;
  }, [session, prepare, reload]);

  useEffect(() => {
    if (!unlocked) return;
    // After the render that unlocked: the queue from IndexedDB, then the online chores.
    const timer = window.setTimeout(() => void reload().then(() => prepare()), 0);
    return () => window.clearTimeout(timer);
  }, [unlocked, session.needsLogin, reload, prepare]);

  // The signal came back: send what is waiting.
  useEffect(() => {
    if (unlocked && online && !session.needsLogin) void sync();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [online]);

  if (session.phase === 'starting') {
    return (
      <Center mih="100vh">
        <Loader aria-label="Memuat" />
      </Center>
    );
  }
  if (session.phase === 'login') {
    return (
      <>
        {session.wiped && <WipedNotice />}
        <LoginScreen />
      </>
    );
  }
  if (session.phase === 'set-pin') return <SetPinScreen />;
  if (session.phase === 'locked') return <UnlockScreen />;

  const open = async (id: string) => {
    await reload();
    setView({ name: 'item', id });
  };
  const current = view.name === 'item' || view.name === 'edit' ? items.find((i) => i.row.id === view.id) : undefined;

  const save = async (input: ComplaintInput, files: File[]) => {
    const key = session.key!;
    if (view.name === 'edit') {
      await editComplaint(key, view.id, input);
      await open(view.id);
      return;
    }
    const photos = await Promise.all(files.map((f) => compressPhoto(f)));
    const { id } = await recordComplaint(key, input, photos);
    await open(id);
  };

  let body: React.ReactNode;
  if (view.name === 'answer') {
    body = (
      <AnswerScreen
        check={view.check}
        onSave={async (answer) => {
          await answerCheck(session.key!, view.check, answer);
          await reload();
          setView({ name: 'home' });
          if (navigator.onLine) void sync();
        }}
        onCancel={() => setView({ name: 'home' })}
      />
    );
  } else if (view.name === 'relogin') {
    body = <LoginScreen again onDone={() => setView({ name: 'home' })} />;
  } else if (view.name === 'record' || (view.name === 'edit' && current)) {
    const serverErrors =
      current?.row.state === 'rejected'
        ? Object.fromEntries((current.box.result?.fieldErrors ?? []).map((f) => [f.field, f.messages.join('; ')]))
        : undefined;
    body =
      !session.device && view.name === 'record' ? (
        <Alert color="orange" title="Ponsel belum terdaftar">
          <Text size="sm">
            Sambungkan ke internet sekali agar ponsel ini mendapat kode perangkat untuk nomor tanda terima sementara.
          </Text>
          <Button mt="sm" onClick={() => void prepare()} disabled={!online}>
            Daftarkan ponsel
          </Button>
        </Alert>
      ) : (
        <RecordScreen
          key={view.name === 'edit' ? view.id : 'new'}
          bundle={bundle}
          initial={current?.box.input}
          serverErrors={serverErrors}
          onSave={save}
          onCancel={() => setView({ name: 'home' })}
        />
      );
  } else if (view.name === 'item' && current) {
    body = (
      <ItemScreen
        item={current}
        onEdit={() => setView({ name: 'edit', id: current.row.id })}
        onResolve={(choice) =>
          void (async () => {
            const server = current.box.server as { input: ComplaintInput } | undefined;
            await resolveConflict(session.key!, current.row.id, choice, server?.input);
            await reload();
            if (choice === 'mine' && online) await sync();
            const fresh = await getItem(session.key!, current.row.id);
            if (fresh) setItems((xs) => xs.map((x) => (x.row.id === fresh.row.id ? fresh : x)));
          })()
        }
        onBack={() => setView({ name: 'home' })}
      />
    );
  } else {
    body = (
      <>
        <HomeScreen
          extra={
            <>
              <ReturnedList
                checks={checks}
                answers={answers}
                onAnswer={(check) => setView({ name: 'answer', check })}
              />
              <VisitTasks
                tasks={bundle?.tasks ?? []}
                visits={visits}
                onRecord={async (task, delivered, note) => {
                  if (!session.key) return;
                  await recordVisit(session.key, task, delivered, note);
                  setVisits(await listVisits(session.key));
                }}
              />
            </>
          }
          items={items}
          online={online}
          syncing={syncing}
          report={report}
          needsLogin={session.needsLogin}
          onSync={() => void sync()}
          onOpen={(id) => void open(id)}
          onRecord={() => setView({ name: 'record' })}
          onLogin={() => setView({ name: 'relogin' })}
        />
      </>
    );
  }

  return (
    <AppShell header={{ height: 56 }} footer={{ height: 64 }} padding="md">
      <AppShell.Header className="no-print">
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Text fw={700}>SLRT Lapangan</Text>
          <Badge color={online ? 'green' : 'gray'} variant="light" size="lg">
            {online ? 'Daring' : 'Luring'}
          </Badge>
        </Group>
      </AppShell.Header>
      <AppShell.Main>
        <Container size={560} px={0} component="main">
          {problem && (
            <Alert color="orange" mb="md" withCloseButton closeButtonLabel="Tutup" onClose={() => setProblem(null)}>
              {problem}
            </Alert>
          )}
          {view.name === 'home' && bundle && (
            <Text size="sm" mb="sm" fw={stale ? 700 : undefined}>
              Data rujukan ({bundle.desa.length} desa) {stale ? 'sudah lama: terakhir ' : ''}diperbarui{' '}
              {when(bundle.fetchedAt)}.
            </Text>
          )}
          {body}
        </Container>
      </AppShell.Main>
      <AppShell.Footer className="no-print">
        <nav aria-label="Menu utama" style={{ height: '100%' }}>
          <Group h="100%" grow gap={0} px="xs">
            <Button
              variant={view.name === 'home' ? 'light' : 'subtle'}
              size="md"
              px={4}
              onClick={() => setView({ name: 'home' })}
            >
              Beranda
            </Button>
            <Button
              variant={view.name === 'record' ? 'light' : 'subtle'}
              size="md"
              px={4}
              onClick={() => setView({ name: 'record' })}
            >
              Catat
            </Button>
            <Button variant="subtle" size="md" px={4} onClick={() => session.lock()}>
              Kunci
            </Button>
          </Group>
        </nav>
      </AppShell.Footer>
    </AppShell>
  );
}
