import type { Clock } from '../../functions/src/ports/clock';
import { TEST_NOW } from './paths';

export class TestClock implements Clock {
  private current: Date;
  constructor(start: Date = TEST_NOW) {
    this.current = new Date(start);
  }
  now(): Date {
    return new Date(this.current);
  }
  set(to: Date | string): void {
    this.current = new Date(to);
  }
  advanceDays(days: number): void {
    this.current = new Date(this.current.getTime() + days * 86_400_000);
  }
}
