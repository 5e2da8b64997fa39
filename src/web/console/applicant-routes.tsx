import { Hono } from 'hono';
import type { AppEnv } from '../../http/env.js';

export const applicantConsolePages = new Hono<AppEnv>();
