// The phone's board wired to a real live client over a fake socket: taps
// become operations at once (optimistic), and the server's answers settle them.
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useBoard } from '../live/hooks';
import { FakeSocket, me, noteChange, notesState, opEvent, snapshot } from '../live/testkit';
import { LiveClient } from '../live/transport';
import { initTestI18n } from '../test/i18n-setup';
import { NotesBoard } from './NotesBoard';

let socket: FakeSocket;
let client: LiveClient;

function Board({ readOnly = false }: { readOnly?: boolean }) {
  const view = useBoard(client, 'B');
  if (!view.state) return null;
  return <NotesBoard client={client} view={view} readOnly={readOnly} />;
}

beforeAll(async () => {
  await initTestI18n('zh-CN');
});

beforeEach(() => {
  client = new LiveClient({
    workshop: 'W',
    as: 'participant',
    origin: 'ws://test',
    socketFactory: (url) => (socket = new FakeSocket(url)),
  });
  client.start();
  socket.open();
  socket.receive({ type: 'welcome', protocol: 1, conn: 'C1', workshop: 'W', you: me, server_time: new Date().toISOString(), limits: { max_frame_bytes: 65536, ops_per_second: 20, ops_burst: 40, max_boards: 100 } });
});

afterEach(() => {
  cleanup();
  client.stop();
});

function serve(seq = 0) {
  const s = notesState();
  act(() => {
    socket.receive(snapshot('B', seq, s));
    socket.receive({ type: 'subscribed', board: 'B', seq });
  });
}

describe('NotesBoard', () => {
  it('shows lanes, votes left, and a note from the server', () => {
    render(<Board />);
    serve();
    act(() => socket.receive(opEvent('B', 1, 'o1', [noteChange('n1', '目标拍脑袋定的')])));
    expect(screen.getByRole('heading', { name: /目标制定/ })).toBeTruthy();
    expect(screen.getByText('目标拍脑袋定的')).toBeTruthy();
    expect(screen.getByText(/还剩 3 票/)).toBeTruthy();
  });

  it('a vote shows at once as pending, is sent, and settles on the server answer', () => {
    render(<Board />);
    serve();
    act(() => socket.receive(opEvent('B', 1, 'o1', [noteChange('n1', '缺少过程管控')])));
    const note = screen.getByText('缺少过程管控').closest('li')!;
    fireEvent.click(within(note).getByRole('button', { name: '投一票' }));
    expect(note.className).toContain('is-pending');
    expect(within(note).getByText('1')).toBeTruthy();
    expect(screen.getByText(/还剩 2 票/)).toBeTruthy();
    const sent = socket.ofType('op');
    expect(sent).toHaveLength(1);
    expect(sent[0].op).toEqual({ kind: 'vote.add', note: 'n1' });
    act(() => {
      socket.receive(opEvent('B', 2, sent[0].id, [{ path: ['votes', 'n1', me.id], value: 1 }], me));
      socket.receive({ type: 'ack', board: 'B', id: sent[0].id, seq: 2 });
    });
    expect(note.className).not.toContain('is-pending');
    expect(note.className).toContain('is-top');
  });

  it('a refused note is rolled back', () => {
    render(<Board />);
    serve();
    fireEvent.click(screen.getByRole('button', { name: '在“目标制定”中添加便签' }));
    fireEvent.change(screen.getByLabelText('内容'), { target: { value: '新便签' } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    expect(screen.getByText('新便签')).toBeTruthy();
    const [op] = socket.ofType('op');
    expect(op.op).toMatchObject({ kind: 'note.add', lane: 'setting', text: '新便签' });
    act(() => socket.receive({ type: 'error', code: 'activity_closed', message: 'closed', board: 'B', id: op.id }));
    expect(screen.queryByText('新便签')).toBeNull();
  });

  it('editing a note says so to the others (presence) and sends the edit', () => {
    render(<Board />);
    serve();
    act(() => socket.receive(opEvent('B', 1, 'o1', [noteChange('n1', '旧内容')])));
    fireEvent.click(screen.getByRole('button', { name: '编辑便签:旧内容'.replace(':', '\uff1a') }));
    expect(socket.ofType('presence').at(-1)).toEqual({ type: 'presence', board: 'B', editing: 'n1' });
    fireEvent.change(screen.getByLabelText('内容'), { target: { value: '新内容' } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    expect(socket.ofType('op').at(-1)?.op).toEqual({ kind: 'note.edit', id: 'n1', text: '新内容' });
    expect(socket.ofType('presence').at(-1)).toEqual({ type: 'presence', board: 'B', editing: null });
    expect(screen.getByText('新内容')).toBeTruthy();
  });

  it('is read-only while the activity is closed', () => {
    render(<Board readOnly />);
    serve();
    act(() => socket.receive(opEvent('B', 1, 'o1', [noteChange('n1', '只读')])));
    expect(screen.getByText('只读')).toBeTruthy();
    expect(screen.queryByRole('button', { name: '投一票' })).toBeNull();
    expect(screen.queryByRole('button', { name: /添加便签/ })).toBeNull();
  });
});
