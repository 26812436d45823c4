#!/usr/bin/env python3
"""A programme owner's consumer of the SLRT owner channel in Python, standard library only.

Debian 12 has no NATS client for Python (`python3-nats` does not exist; PyPI may be out of reach
on a ministry's server), and none is needed: NATS is a text protocol over TCP, and JetStream is
NATS subjects. This file speaks it directly, from the published documents alone (the AsyncAPI
document at /asyncapi.json and deploy/nats/README.md):

- CONNECT with the owner's user and password (TLS with the deployment's CA when given);
- SUB on the owner's own inbox `_INBOX_<code>.<random>.*` (replies reach an owner nowhere else);
- pull: PUB `$JS.API.CONSUMER.MSG.NEXT.SLRT_OWNER_OUT.owner-<code>` with a reply inbox and
  `{"batch": n, "expires": <ns>}`; messages arrive on that inbox with the ack subject as reply;
  a `404`/`408` status message ends the batch early;
- ack: PUB the message's reply subject (`$JS.ACK.…`) with an empty body;
- answer: HPUB `slrt.owner.<code>.response.<kind>.v1` with header `Nats-Msg-Id: <envelope id>`
  and a reply inbox; the PubAck (`{"stream": "SLRT_OWNER_IN", "seq": …}`) confirms it is stored.

Behaviour as the Go example: accept each new referral, resolve it once the platform's feedback
says the acceptance was applied, remember handled message ids in a state file (written before
the ack) and skip replays; answer ids are derived from the referral's id, so a re-sent answer is
applied once. One JSON object per line on stdout.
"""
import argparse
import hashlib
import json
import os
import secrets
import socket
import ssl
import sys
import time
from datetime import datetime, timezone


def emit(**fields):
    print(json.dumps(fields), flush=True)


def now_iso():
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def derived_uuid7(message_id, kind):
    """A valid UUIDv7 fixed by (message id, kind): the referral id's 48-bit time + 74 bits of SHA-256."""
    b = bytearray(hashlib.sha256(f"{message_id}/{kind}".encode()).digest()[:16])
    try:
        b[:6] = bytes.fromhex(message_id.replace("-", "")[:12])
    except ValueError:
        b[:6] = secrets.token_bytes(6)
    b[6] = (b[6] & 0x0F) | 0x70
    b[8] = (b[8] & 0x3F) | 0x80
    h = b.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


class Nats:
    """The few NATS protocol operations a JetStream pull consumer needs."""

    def __init__(self, url, user, password, inbox_prefix, ca=None):
        scheme, _, rest = url.partition("://")
        host, _, port = rest.rstrip("/").rpartition(":")
        self.sock = socket.create_connection((host, int(port)), timeout=10)
        self.buf = b""
        self.sid = 0
        self.subs = {}  # sid -> list of received messages
        self.inbox = f"{inbox_prefix}.{secrets.token_hex(8)}"
        info = json.loads(self._line().split(b" ", 1)[1])
        if scheme == "tls" or info.get("tls_required"):
            ctx = ssl.create_default_context(cafile=ca) if ca else ssl.create_default_context()
            self.sock = ctx.wrap_socket(self.sock, server_hostname=host)
        connect = {"user": user, "pass": password, "verbose": False, "pedantic": False, "headers": True, "no_responders": True, "lang": "python-stdlib", "version": "1", "protocol": 1, "name": "slrt-owner-example-python"}
        self._send(f"CONNECT {json.dumps(connect)}\r\nPING\r\n".encode())
        while True:  # the PONG (or -ERR) tells whether the credentials were accepted
            line = self._line()
            if line.startswith(b"-ERR"):
                raise RuntimeError(line.decode())
            if line == b"PONG":
                break
        self.inbox_sid = self.subscribe(f"{self.inbox}.*")
        self.counter = 0
        self.pulled = []

    def _send(self, data):
        self.sock.sendall(data)

    def _fill(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionError("connection closed by the server")
        self.buf += chunk

    def _line(self):
        while b"\r\n" not in self.buf:
            self._fill()
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line

    def _bytes(self, n):
        while len(self.buf) < n + 2:
            self._fill()
        data, self.buf = self.buf[:n], self.buf[n + 2:]
        return data

    def subscribe(self, subject):
        self.sid += 1
        self.subs[self.sid] = []
        self._send(f"SUB {subject} {self.sid}\r\n".encode())
        return self.sid

    def publish(self, subject, body=b"", reply=None, headers=None):
        r = f" {reply}" if reply else ""
        if headers:
            hdr = ("NATS/1.0\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n").encode()
            self._send(f"HPUB {subject}{r} {len(hdr)} {len(hdr) + len(body)}\r\n".encode() + hdr + body + b"\r\n")
        else:
            self._send(f"PUB {subject}{r} {len(body)}\r\n".encode() + body + b"\r\n")

    def new_reply(self):
        self.counter += 1
        return f"{self.inbox}.{self.counter}"

    def read_one(self, deadline):
        """Reads one protocol operation (answering PINGs): a message dict, "PONG", or None on timeout.

        Messages pulled from JetStream (their reply subject is an ack subject `$JS.ACK.…`) are
        queued in `self.pulled` whichever pull request they answer, so none is lost."""
        self.sock.settimeout(max(0.05, deadline - time.time()))
        try:
            line = self._line()
        except socket.timeout:
            return None
        op = line.split(b" ")
        m = None
        if op[0] == b"PING":
            self._send(b"PONG\r\n")
        elif op[0] == b"PONG":
            return "PONG"
        elif op[0] == b"-ERR":
            raise RuntimeError(line.decode())
        elif op[0] == b"MSG":  # MSG <subject> <sid> [reply] <size>
            reply = op[3].decode() if len(op) == 5 else None
            m = {"subject": op[1].decode(), "reply": reply, "status": None, "headers": {}, "data": self._bytes(int(op[-1]))}
        elif op[0] == b"HMSG":  # HMSG <subject> <sid> [reply] <hdr size> <total size>
            reply = op[3].decode() if len(op) == 6 else None
            raw = self._bytes(int(op[-1]))
            hdr, data = raw[: int(op[-2])], raw[int(op[-2]):]
            lines = hdr.decode().split("\r\n")
            first = lines[0].split(" ")
            headers = dict(l.split(": ", 1) for l in lines[1:] if ": " in l)
            m = {"subject": op[1].decode(), "reply": reply, "status": first[1] if len(first) > 1 else None, "headers": headers, "data": data}
        if m and m["reply"] and m["reply"].startswith("$JS.ACK."):
            # A JetStream message (delivered on our inbox subscription with its original subject).
            self.pulled.append(m)
            return "PULLED"
        return m

    def request(self, subject, body, headers=None, timeout=5.0):
        reply = self.new_reply()
        self.publish(subject, body, reply, headers)
        deadline = time.time() + timeout
        while time.time() < deadline:
            m = self.read_one(deadline)
            if isinstance(m, dict) and m["subject"] == reply:
                return m
        raise TimeoutError(f"no reply to {subject}")

    def fetch(self, stream, durable, batch=20, wait=1.0):
        """One pull request; waits until it ends (a `404`/`408` status, or `batch` messages) or `wait` passes."""
        reply = self.new_reply()
        self.publish(f"$JS.API.CONSUMER.MSG.NEXT.{stream}.{durable}", json.dumps({"batch": batch, "expires": int(wait * 1e9)}).encode(), reply)
        deadline, got = time.time() + wait + 0.5, 0
        while got < batch and time.time() < deadline:
            m = self.read_one(deadline)
            if m == "PULLED":
                got += 1
            elif isinstance(m, dict) and m["subject"] == reply and m["status"]:
                break  # 404 no messages, 408 request expired, 409 …: this pull is over

    def take_pulled(self):
        out, self.pulled = self.pulled, []
        return out

    def flush(self):
        """PING and wait for the PONG: everything published before (acks included) reached the server."""
        self._send(b"PING\r\n")
        deadline = time.time() + 5
        while time.time() < deadline:
            if self.read_one(deadline) == "PONG":
                return
        raise TimeoutError("no PONG")


class State:
    """Handled message ids, one per line, fsynced before each ack."""

    def __init__(self, path):
        self.path = path
        self.ids = set()
        if os.path.exists(path):
            with open(path) as f:
                self.ids = {l.strip() for l in f if l.strip()}

    def seen(self, i):
        return i in self.ids

    def record(self, i):
        with open(self.path, "a") as f:
            f.write(i + "\n")
            f.flush()
            os.fsync(f.fileno())
        self.ids.add(i)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--url", default=os.environ.get("SLRT_NATS_URL", "nats://127.0.0.1:4222"))
    p.add_argument("--owner", default=os.environ.get("SLRT_OWNER_CODE", "kemensos-pkh"))
    p.add_argument("--ca", default=os.environ.get("SLRT_NATS_CA"))
    p.add_argument("--state", default=os.environ.get("SLRT_STATE_FILE", "slrt-owner-state.txt"))
    p.add_argument("--idle", type=float, default=0, help="exit after this many seconds without messages (0: run forever)")
    a = p.parse_args()
    owner = a.owner
    nc = Nats(a.url, owner, os.environ.get("SLRT_NATS_PASSWORD", ""), f"_INBOX_{owner}", a.ca)
    state = State(a.state)
    awaiting = {}  # accept answer id -> (referral envelope, referral id)

    def answer(referral, kind, data):
        data = {**data, "respondedAt": now_iso()}
        env = {
            "id": derived_uuid7(referral["id"], kind),
            "subject": f"slrt.owner.{owner}.response.{kind}.v1",
            "occurredAt": now_iso(),
            "producer": f"owner:{owner}",
            "kabKotaCode": referral["kabKotaCode"],
            "correlationId": referral["correlationId"],
            "causationId": referral["id"],
            "actor": None,
            "data": data,
        }
        ack = nc.request(env["subject"], json.dumps(env).encode(), {"Nats-Msg-Id": env["id"], "x-correlation-id": env["correlationId"]})
        if ack["status"]:
            raise RuntimeError(f"answer not stored: status {ack['status']}")
        pub = json.loads(ack["data"])
        if "error" in pub:
            raise RuntimeError(f"answer not stored: {pub['error']}")
        emit(event="answered", answer=kind, answerId=env["id"], referralId=data["referralId"], stream=pub.get("stream"), duplicate=bool(pub.get("duplicate")))
        return env["id"], bool(pub.get("duplicate"))

    def on_referral(m):
        e = json.loads(m["data"])
        if state.seen(e["id"]):
            emit(event="duplicate", id=e["id"], subject=e["subject"])
            return
        d = e["data"]
        emit(event="received", id=e["id"], subject=e["subject"], referralId=d.get("referralId"), receiptNumber=d.get("receiptNumber"))
        if e["subject"].endswith(".referral.sent.v1"):
            answer_id, duplicate = answer(e, "accepted", {"referralId": d["referralId"], "note": "Diterima untuk diverifikasi pendamping PKH."})
            if not duplicate:  # a duplicate was stored before (we crashed before our record): its feedback came then
                awaiting[answer_id] = e
        state.record(e["id"])

    def on_feedback(m):
        e = json.loads(m["data"])
        if state.seen(e["id"]):
            emit(event="duplicate", id=e["id"], subject=e["subject"])
            return
        f = e["data"]
        emit(event="feedback", id=e["id"], answerId=f["answerId"], outcome=f["outcome"], code=f["code"], reason=(f["reason"] or {}).get("en"), caseState=f["caseState"], referralId=f["referralId"])
        referral = awaiting.pop(f["answerId"], None)
        if referral and f["outcome"] == "applied":  # only now: a resolve sent earlier could overtake the accept
            answer(referral, "resolved", {"referralId": f["referralId"], "outcome": "Bantuan PKH tahap III disalurkan ulang."})
        state.record(e["id"])

    handlers = {f"owner-{owner}": on_referral, f"owner-{owner}-feedback": on_feedback}
    last = time.time()
    while True:
        n = 0
        for durable in handlers:
            nc.fetch("SLRT_OWNER_OUT", durable)
        for m in nc.take_pulled():
            durable = m["reply"].split(".")[3]  # $JS.ACK.<stream>.<durable>.…
            try:
                handlers[durable](m)
            except Exception as err:  # not acked: redelivered after the ack wait
                print(f"{m['subject']}: {err} (will be redelivered)", file=sys.stderr)
                continue
            nc.publish(m["reply"])  # ack, after the state file is written
            n += 1
        nc.flush()
        if n:
            last = time.time()
        elif a.idle and time.time() - last > a.idle and (not awaiting or time.time() - last > 3 * a.idle):
            return

if __name__ == "__main__":
    main()
