import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';

export interface ReceivedMail {
  to: string[];
  messageId: string;
  subject: string;
  /** The message's text, decoded from quoted-printable where it was sent so. */
  text: string;
}

/** The body of a raw message (after its headers), undoing quoted-printable's soft breaks and escapes. */
function textOf(raw: string): string {
  const split = raw.search(/\r?\n\r?\n/);
  const headers = raw.slice(0, split);
  const body = raw.slice(split).trim();
  if (!/^Content-Transfer-Encoding:\s*quoted-printable/im.test(headers)) return body;
  const bytes = body
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

/**
 * A local SMTP server that keeps what it accepts. `refuse` names recipients whose mail it rejects, and
 * `delayMs` holds each message before accepting it (to kill a sender mid-send).
 */
export class SmtpSink {
  readonly received: ReceivedMail[] = [];
  refuse = new Set<string>();
  delayMs = 0;
  /** Resolves each time a message's data has arrived, before it is accepted. */
  onDataArrived: () => void = () => undefined;
  private readonly closed = new Set<string>();
  private readonly server: SMTPServer;

  constructor() {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onClose: (session) => this.closed.add(session.id),
      onData: (stream, session, callback) => {
        let raw = '';
        stream.setEncoding('utf8');
        stream.on('data', (chunk: string) => (raw += chunk));
        stream.on('end', () => {
          const to = session.envelope.rcptTo.map((r) => r.address);
          if (to.some((address) => this.refuse.has(address))) return callback(new Error('Mailbox unavailable'));
          const header = (name: string) => new RegExp(`^${name}: (.*)$`, 'mi').exec(raw)?.[1]?.trim() ?? '';
          this.onDataArrived();
          setTimeout(() => {
            // A sender that hung up before the answer never learnt it was accepted: it will send again.
            if (!this.closed.has(session.id))
              this.received.push({
                to,
                messageId: header('Message-ID'),
                subject: header('Subject'),
                text: textOf(raw),
              });
            callback();
          }, this.delayMs);
        });
      },
    });
  }

  /** The one-time link's token in the mails to `address`, oldest first. */
  tokensFor(address: string): string[] {
    return this.received
      .filter((m) => m.to.includes(address))
      .flatMap((m) => [...m.text.matchAll(/[?&]token=([A-Za-z0-9_-]{43})/g)].map((match) => match[1]));
  }

  async start(port = 0): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', resolve));
    return `smtp://127.0.0.1:${(this.server.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
