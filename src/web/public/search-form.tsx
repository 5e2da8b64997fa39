import { Field, type FormErrors, type FormValues } from '../forms.js';

/** The one search box of the public lookup: a plain GET form, so it works without JavaScript. */
export function SearchForm({ values, errors }: { values: FormValues; errors: FormErrors }) {
  return (
    <form class="search" method="get" action="/search">
      <Field
        name="q"
        label="名称、曾用名或统一社会信用代码"
        type="search"
        values={values}
        errors={errors}
        required
        hint="至少 2 个字，可只输入名称或代码的一部分"
      />
      <button type="submit">查询</button>
    </form>
  );
}
