/** A date that never breaks across lines in a narrow table cell. */
export const Day = ({ date }: { date: string }) => <span class="date">{date}</span>;

/** A validity period, first day to last. */
export const Period = ({ from, until }: { from: string; until: string }) => (
  <>
    <Day date={from} /> 至 <Day date={until} />
  </>
);
