// A programme owner's consumer of the SLRT owner channel, written only from the published
// documents (the AsyncAPI document at /asyncapi.json and deploy/nats/README.md), with Debian's NATS
// client (golang-github-nats-io-go-nats-dev 1.22, GOPATH mode, no module download).
//
// It connects as the owner's NATS user (TLS with the deployment's CA when given) with the inbox
// prefix `_INBOX_<code>`, binds to the pre-provisioned durable `owner-<code>` on SLRT_OWNER_OUT
// (an owner may not look up streams or create consumers), fetches referrals, answers each new
// referral (accepted; then resolved once the platform reports the acceptance applied), records
// what it handled in a state file before acknowledging, and skips replays. When the deployment
// provisions the feedback durable `owner-<code>-feedback`, it reads the platform's verdict on each
// answer (applied / refused with a reason).
//
// Output: one JSON object per line on stdout (what happened), diagnostics on stderr.
package main

import (
	"bufio"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
)

// Envelope is the JSON every message travels in (AsyncAPI: components.schemas.EnvelopeMeta).
type Envelope struct {
	ID            string          `json:"id"`
	Subject       string          `json:"subject"`
	OccurredAt    string          `json:"occurredAt"`
	Producer      string          `json:"producer"`
	KabKotaCode   string          `json:"kabKotaCode"`
	CorrelationID string          `json:"correlationId"`
	CausationID   *string         `json:"causationId"`
	Actor         json.RawMessage `json:"actor"`
	Data          json.RawMessage `json:"data"`
}

// ReferralSent is the part of OwnerReferralSentV1 this consumer uses.
type ReferralSent struct {
	ReferralID    string            `json:"referralId"`
	ReceiptNumber string            `json:"receiptNumber"`
	KabKotaCode   string            `json:"kabKotaCode"`
	ProgrammeCode []string          `json:"programmeCodes"`
	Summary       string            `json:"summary"`
	Subject       map[string]string `json:"subject"`
	DueAt         string            `json:"dueAt"`
}

// Feedback is OwnerAnswerFeedbackV1: the platform's verdict on one of our answers.
type Feedback struct {
	AnswerID      string `json:"answerId"`
	AnswerSubject string `json:"answerSubject"`
	ReferralID    string `json:"referralId"`
	Outcome       string `json:"outcome"`
	Code          string `json:"code"`
	Reason        struct {
		ID string `json:"id"`
		EN string `json:"en"`
	} `json:"reason"`
	CaseState string `json:"caseState"`
}

type consumer struct {
	owner    string
	js       nats.JetStreamContext
	state    *stateFile
	resolve  bool
	mu       sync.Mutex
	awaiting map[string]ReferralSent // accept answer id -> referral, resolved once the accept is applied
	sources  map[string]*Envelope    // accept answer id -> the referral's envelope
}

func emit(fields map[string]interface{}) {
	b, _ := json.Marshal(fields)
	fmt.Println(string(b))
}

func main() {
	url := flag.String("url", env("SLRT_NATS_URL", "nats://127.0.0.1:4222"), "NATS URL (tls://host:4222 in production)")
	owner := flag.String("owner", env("SLRT_OWNER_CODE", "kemensos-pkh"), "owner code (your NATS user)")
	ca := flag.String("ca", env("SLRT_NATS_CA", ""), "CA certificate file of the deployment (TLS)")
	stateName := flag.String("state", env("SLRT_STATE_FILE", "slrt-owner-state.txt"), "file of handled message ids (dedup across restarts)")
	idle := flag.Duration("idle", 0, "exit after this long without any message (0: run until interrupted)")
	resolve := flag.Bool("resolve", true, "resolve a referral once its acceptance is applied")
	flag.Parse()
	password := os.Getenv("SLRT_NATS_PASSWORD")

	opts := []nats.Option{
		nats.UserInfo(*owner, password),
		// Replies (PubAcks, pulled messages) reach an owner only under its own inbox prefix.
		nats.CustomInboxPrefix("_INBOX_" + *owner),
		nats.Name("slrt-owner-example-go"),
	}
	if *ca != "" {
		opts = append(opts, nats.RootCAs(*ca))
	}
	nc, err := nats.Connect(*url, opts...)
	must(err, "connect")
	defer nc.Close()
	js, err := nc.JetStream()
	must(err, "jetstream")
	state, err := openState(*stateName)
	must(err, "state file")
	defer state.close()
	c := &consumer{owner: *owner, js: js, state: state, resolve: *resolve, awaiting: map[string]ReferralSent{}, sources: map[string]*Envelope{}}

	// Bind to the durable the deployment made (no stream lookup, no consumer creation). With
	// nats.go 1.22 the subject must be the durable's filter subject.
	referrals, err := js.PullSubscribe("slrt.owner."+*owner+".referral.>", "owner-"+*owner, nats.Bind("SLRT_OWNER_OUT", "owner-"+*owner), nats.ManualAck())
	must(err, "bind to owner-"+*owner)
	feedback, err := js.PullSubscribe("slrt.owner."+*owner+".feedback.>", "owner-"+*owner+"-feedback", nats.Bind("SLRT_OWNER_OUT", "owner-"+*owner+"-feedback"), nats.ManualAck())
	if err != nil {
		// An older deployment without feedback: accept only (a resolution sent right after could
		// overtake the acceptance and be refused unseen).
		fmt.Fprintf(os.Stderr, "no feedback durable (%v): accepting only, no verdicts\n", err)
		feedback = nil
		c.resolve = false
	}

	last := time.Now()
	for {
		n := c.pull(referrals, c.handleReferral)
		if feedback != nil {
			n += c.pull(feedback, c.handleFeedback)
		}
		if n > 0 {
			last = time.Now()
		} else if *idle > 0 && time.Since(last) > *idle && (c.pending() == 0 || time.Since(last) > 3**idle) {
			return
		}
	}
}

// pull fetches up to 20 messages (waiting at most 1 s) and hands each to h; returns how many.
func (c *consumer) pull(sub *nats.Subscription, h func(*nats.Msg) error) int {
	msgs, err := sub.Fetch(20, nats.MaxWait(time.Second))
	if err != nil && !errors.Is(err, nats.ErrTimeout) {
		fmt.Fprintf(os.Stderr, "fetch: %v\n", err)
		time.Sleep(time.Second)
		return 0
	}
	for _, m := range msgs {
		if err := h(m); err != nil {
			// Not acknowledged: JetStream redelivers it after the ack wait (60 s).
			fmt.Fprintf(os.Stderr, "%s: %v (will be redelivered)\n", m.Subject, err)
			continue
		}
		// Acknowledged only after our own records are written.
		if err := m.AckSync(); err != nil {
			fmt.Fprintf(os.Stderr, "ack %s: %v\n", m.Subject, err)
		}
	}
	return len(msgs)
}

func (c *consumer) handleReferral(m *nats.Msg) error {
	var e Envelope
	if err := json.Unmarshal(m.Data, &e); err != nil {
		return fmt.Errorf("not an envelope: %w", err) // never happens with SLRT; left for redelivery
	}
	if c.state.seen(e.ID) {
		emit(map[string]interface{}{"event": "duplicate", "id": e.ID, "subject": m.Subject})
		return nil
	}
	kind := strings.Split(m.Subject, ".")[3] + "." + strings.Split(m.Subject, ".")[4] // referral.sent
	switch kind {
	case "referral.sent":
		var r ReferralSent
		if err := json.Unmarshal(e.Data, &r); err != nil {
			return err
		}
		emit(map[string]interface{}{"event": "received", "id": e.ID, "subject": m.Subject, "referralId": r.ReferralID, "receiptNumber": r.ReceiptNumber, "dueAt": r.DueAt})
		answerID, duplicate, err := c.answer(&e, "accepted", map[string]interface{}{"referralId": r.ReferralID, "note": "Diterima untuk diverifikasi pendamping PKH."})
		if err != nil {
			return err
		}
		// A duplicate PubAck: this very answer was stored before (we crashed before our record);
		// its feedback was sent then.
		if c.resolve && !duplicate {
			c.mu.Lock()
			c.awaiting[answerID] = r
			c.sources[answerID] = &e
			c.mu.Unlock()
		}
	default: // referral.updated, referral.withdrawn
		var data map[string]interface{}
		_ = json.Unmarshal(e.Data, &data)
		emit(map[string]interface{}{"event": "received", "id": e.ID, "subject": m.Subject, "referralId": data["referralId"]})
	}
	return c.state.record(e.ID)
}

func (c *consumer) handleFeedback(m *nats.Msg) error {
	var e Envelope
	if err := json.Unmarshal(m.Data, &e); err != nil {
		return err
	}
	if c.state.seen(e.ID) {
		emit(map[string]interface{}{"event": "duplicate", "id": e.ID, "subject": m.Subject})
		return nil
	}
	var f Feedback
	if err := json.Unmarshal(e.Data, &f); err != nil {
		return err
	}
	emit(map[string]interface{}{"event": "feedback", "id": e.ID, "answerId": f.AnswerID, "outcome": f.Outcome, "code": f.Code, "reason": f.Reason.EN, "caseState": f.CaseState, "referralId": f.ReferralID})
	c.mu.Lock()
	r, ok := c.awaiting[f.AnswerID]
	referral := c.sources[f.AnswerID]
	delete(c.awaiting, f.AnswerID)
	delete(c.sources, f.AnswerID)
	c.mu.Unlock()
	// The acceptance is applied: now the resolution (sending it earlier could overtake the acceptance).
	if ok && f.Outcome == "applied" {
		if _, _, err := c.answer(referral, "resolved", map[string]interface{}{"referralId": r.ReferralID, "outcome": "Bantuan PKH tahap III disalurkan ulang."}); err != nil {
			return err
		}
	}
	return c.state.record(e.ID)
}

func (c *consumer) pending() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.awaiting)
}

// answer publishes slrt.owner.<code>.response.<kind>.v1 (JetStream publish, Nats-Msg-Id = envelope
// id) and waits for the PubAck. The envelope id is derived from the referral message and the kind,
// so an answer sent again after a crash carries the same id and the platform applies it once.
func (c *consumer) answer(referral *Envelope, kind string, data map[string]interface{}) (string, bool, error) {
	now := time.Now().UTC().Format(time.RFC3339Nano)
	data["respondedAt"] = now
	body, _ := json.Marshal(data)
	causation := referral.ID
	e := Envelope{
		ID:            derivedUUIDv7(referral.ID, kind),
		Subject:       "slrt.owner." + c.owner + ".response." + kind + ".v1",
		OccurredAt:    now,
		Producer:      "owner:" + c.owner,
		KabKotaCode:   referral.KabKotaCode,
		CorrelationID: referral.CorrelationID,
		CausationID:   &causation,
		Actor:         json.RawMessage("null"),
		Data:          body,
	}
	payload, _ := json.Marshal(e)
	msg := nats.NewMsg(e.Subject)
	msg.Data = payload
	msg.Header.Set("x-correlation-id", e.CorrelationID)
	ack, err := c.js.PublishMsg(msg, nats.MsgId(e.ID))
	if err != nil {
		return "", false, fmt.Errorf("publish %s: %w", e.Subject, err)
	}
	emit(map[string]interface{}{"event": "answered", "answer": kind, "answerId": e.ID, "referralId": data["referralId"], "stream": ack.Stream, "duplicate": ack.Duplicate})
	return e.ID, ack.Duplicate, nil
}

// derivedUUIDv7 is a valid UUIDv7 determined by (message id, kind): the 48-bit time of the
// referral's own id (a UUIDv7) and 74 bits of SHA-256.
func derivedUUIDv7(messageID, kind string) string {
	sum := sha256.Sum256([]byte(messageID + "/" + kind))
	var b [16]byte
	copy(b[:], sum[:16])
	if ts, err := hex.DecodeString(strings.ReplaceAll(messageID, "-", "")[:12]); err == nil {
		copy(b[:6], ts)
	} else {
		_, _ = rand.Read(b[:6])
	}
	b[6] = (b[6] & 0x0f) | 0x70 // version 7
	b[8] = (b[8] & 0x3f) | 0x80 // RFC 9562 variant
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// stateFile remembers handled message ids (one per line, fsynced before the ack).
type stateFile struct {
	f   *os.File
	ids map[string]bool
}

func openState(name string) (*stateFile, error) {
	f, err := os.OpenFile(name, os.O_CREATE|os.O_RDWR|os.O_APPEND, 0o600)
	if err != nil {
		return nil, err
	}
	s := &stateFile{f: f, ids: map[string]bool{}}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		s.ids[strings.TrimSpace(sc.Text())] = true
	}
	return s, sc.Err()
}

func (s *stateFile) seen(id string) bool { return s.ids[id] }

func (s *stateFile) record(id string) error {
	if _, err := s.f.WriteString(id + "\n"); err != nil {
		return err
	}
	s.ids[id] = true
	return s.f.Sync()
}

func (s *stateFile) close() { _ = s.f.Close() }

func env(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

func must(err error, what string) {
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", what, err)
		os.Exit(1)
	}
}
