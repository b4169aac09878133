/**
 * One server call at a time from a panel: what is running (`busy`: spinners, disabled buttons) and the
 * panel's last message (`msg`: a result or a failure). `run` marks `what` busy and clears the message,
 * awaits the call, hands a failure to `failed`, and is idle again afterwards whatever happened.
 */
import { useState } from 'preact/hooks';

export function useServerCall<W, M>() {
  const [busy, setBusy] = useState<W | null>(null);
  const [msg, setMsg] = useState<M | null>(null);
  const run = async (
    what: W,
    send: () => Promise<void>,
    failed: (e: unknown) => void | Promise<void>,
  ): Promise<void> => {
    setBusy(what);
    setMsg(null);
    try {
      await send();
    } catch (e) {
      await failed(e);
    } finally {
      setBusy(null);
    }
  };
  return { busy, msg, setMsg, run };
}
