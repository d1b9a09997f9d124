/** RFC 9457 problem details, the body of every error answer. */
import type { Issue } from '@medsupply/validators';
import type { FastifyReply } from 'fastify';

/** The media type of problem documents. */
export const PROBLEM_TYPE = 'application/problem+json';

/** A problem document. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  instance?: string;
  issues?: Issue[];
  limit?: number;
}

/** An error carrying the problem to answer with; thrown anywhere in a handler. */
export class HttpProblem extends Error {
  readonly problem: Problem;
  constructor(status: number, code: string, title: string, detail?: string, extra: Partial<Problem> = {}) {
    super(detail ?? title);
    this.problem = {
      type: `https://schemas.medsupply.org/problems/${code.toLowerCase().replaceAll('_', '-')}`,
      title,
      status,
      code,
      ...(detail === undefined ? {} : { detail }),
      ...extra,
    };
  }
}

/** Sends a problem. */
export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply.code(problem.status).type(PROBLEM_TYPE).send(JSON.stringify(problem));
}
