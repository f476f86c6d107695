import { Inject, Injectable, Logger } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  /** An HTML alternative of `text`. */
  html?: string;
  headers?: Record<string, string>;
}

/** Sends mail through SMTP (nodemailer) when SMTP_URL is set; otherwise writes it to the server log. */
@Injectable()
export class MailService {
  private readonly logger = new Logger('Mail');
  private readonly transport: Transporter | null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.transport = config.smtpUrl ? nodemailer.createTransport(config.smtpUrl) : null;
  }

  async send(mail: Mail): Promise<void> {
    if (!this.transport) {
      this.logger.log({ to: mail.to, subject: mail.subject, text: mail.text }, 'SMTP_URL is not set; mail written to the log');
      return;
    }
    await this.transport.sendMail({ from: this.config.mailFrom, ...mail });
  }
}
