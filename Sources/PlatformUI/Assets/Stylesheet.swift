extension AssetRoutes {
    /// The UI's one stylesheet: readable type, visible focus, tones that pass
    /// WCAG AA contrast, and states that also carry a symbol and a word.
    static let stylesheet = #"""
        :root {
          --fg: #1b1f24; --muted: #57606a; --bg: #f6f8fa; --card: #ffffff; --line: #d0d7de;
          --accent: #0b5cad; --accent-fg: #ffffff; --focus: #ff9f1c;
          --success: #1a7f37; --success-bg: #dafbe1; --danger: #b42318; --danger-bg: #ffebe9;
          --warning: #8a5a00; --warning-bg: #fff8c5; --info: #0b5cad; --info-bg: #ddf4ff; --neutral: #57606a; --neutral-bg: #eaeef2;
          font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; font-size: 16px; line-height: 1.5;
        }
        * { box-sizing: border-box; }
        [hidden] { display: none !important; }
        body { margin: 0; color: var(--fg); background: var(--bg); }
        a { color: var(--accent); }
        a:hover { text-decoration-thickness: 2px; }
        :focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
        .skip-link { position: absolute; left: -999px; top: 0; background: var(--card); padding: .5rem 1rem; z-index: 10; }
        .skip-link:focus { left: .5rem; }
        .visually-hidden { position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
        .site-header { display: flex; flex-wrap: wrap; align-items: center; gap: 1rem 2rem; padding: .75rem 1.5rem; background: #0d1b2a; color: #fff; }
        .site-header a { color: #fff; text-decoration: none; }
        .brand { font-weight: 700; font-size: 1.15rem; }
        .brand-mark { display: inline-block; margin-right: .25rem; }
        .site-header nav ul { display: flex; gap: 1.25rem; list-style: none; margin: 0; padding: 0; }
        .site-header nav a { padding: .25rem 0; border-bottom: 3px solid transparent; }
        .site-header nav a[aria-current="page"] { border-bottom-color: var(--focus); font-weight: 600; }
        .signout { margin-left: auto; display: flex; align-items: center; gap: .5rem; }
        .signout .muted { color: #c9d1d9; }
        main { max-width: 72rem; margin: 0 auto; padding: 1.5rem; }
        main:focus { outline: none; }
        .site-footer { text-align: center; padding: 2rem; font-size: .875rem; }
        h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
        h2 { font-size: 1.2rem; margin: 0 0 .75rem; }
        h3 { font-size: 1rem; margin: 0 0 .5rem; }
        .small-heading { font-size: .9rem; color: var(--muted); margin-top: 1rem; }
        .page-head { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: flex-start; gap: 1rem; margin-bottom: 1.25rem; }
        .page-head p { margin: 0; }
        .head-status { font-size: 1.05rem; }
        .card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 1.25rem; margin-bottom: 1.25rem; }
        .muted { color: var(--muted); }
        .small { font-size: .85rem; font-weight: normal; }
        .strong { font-weight: 600; }
        .pre-line { white-space: pre-line; }
        .empty { background: var(--card); border: 1px dashed var(--line); border-radius: 8px; padding: 2rem; text-align: center; }
        .table-wrap { overflow-x: auto; }
        table.list { width: 100%; border-collapse: collapse; background: var(--card); }
        table.list th, table.list td { text-align: left; padding: .6rem .75rem; border-bottom: 1px solid var(--line); vertical-align: top; }
        table.list thead th { font-size: .8rem; text-transform: uppercase; letter-spacing: .03em; color: var(--muted); }
        table.list tbody th { font-weight: normal; }
        table.list .num { text-align: right; font-variant-numeric: tabular-nums; }
        table.compact th, table.compact td { padding: .3rem .5rem; font-size: .9rem; }
        tr.detail-row td { border-top: none; padding-top: 0; }
        .actions form { margin: 0; }
        .status { display: inline-flex; align-items: center; gap: .3rem; padding: .1rem .55rem; border-radius: 999px; font-size: .875rem; font-weight: 600; white-space: nowrap; border: 1px solid currentColor; }
        .status-success { color: var(--success); background: var(--success-bg); }
        .status-danger { color: var(--danger); background: var(--danger-bg); }
        .status-warning { color: var(--warning); background: var(--warning-bg); }
        .status-info { color: var(--info); background: var(--info-bg); }
        .status-neutral { color: var(--neutral); background: var(--neutral-bg); }
        .flash { padding: .75rem 1rem; border-radius: 6px; margin-bottom: 1rem; border: 1px solid; }
        .flash-notice { color: var(--success); background: var(--success-bg); }
        .flash-alert { color: var(--danger); background: var(--danger-bg); }
        .flash ul { margin: .5rem 0 0; padding-left: 1.25rem; }
        .failure { color: var(--danger); background: var(--danger-bg); border-left: 4px solid var(--danger); padding: .5rem .75rem; margin: .5rem 0; }
        .button, button { display: inline-block; font: inherit; font-size: .95rem; padding: .45rem .9rem; border-radius: 6px; border: 1px solid var(--line); background: var(--card); color: var(--fg); cursor: pointer; text-decoration: none; line-height: 1.3; white-space: nowrap; }
        .button:hover, button:hover { border-color: var(--accent); }
        .button.primary, button.primary { background: var(--accent); border-color: var(--accent); color: var(--accent-fg); }
        .button.danger, button.danger { color: var(--danger); border-color: var(--danger); }
        .button.small, button.small { font-size: .85rem; padding: .25rem .6rem; }
        button[disabled] { opacity: .55; cursor: not-allowed; }
        button.link { background: none; border: none; color: var(--accent); padding: 0; text-decoration: underline; }
        form.inline { display: inline; }
        .button-row { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; margin-top: 1rem; }
        .pager { display: flex; gap: 1rem; align-items: center; justify-content: center; margin-top: 1rem; }
        .facts { display: grid; grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr)); gap: .75rem 1.5rem; margin: 0 0 1rem; }
        .facts dt { font-size: .8rem; text-transform: uppercase; color: var(--muted); }
        .facts dd { margin: 0; font-variant-numeric: tabular-nums; }
        .attempt-links { display: flex; gap: 1rem; }
        .attempt { border-top: 1px solid var(--line); padding-top: .75rem; margin-top: .75rem; }
        .attempt:first-of-type { border-top: none; margin-top: 0; padding-top: 0; }
        .log { background: #0d1117; color: #e6edf3; padding: 1rem; border-radius: 6px; max-height: 32rem; overflow: auto; font-size: .8rem; line-height: 1.45; white-space: pre-wrap; word-break: break-all; }
        .next-runs { margin: .25rem 0 0; padding-left: 1.5rem; font-variant-numeric: tabular-nums; }
        .chart { margin: 0 0 1rem; }
        .job-chart { width: 100%; max-width: 44rem; height: auto; display: block; }
        .job-chart .axis { stroke: var(--line); }
        .job-chart text { font-size: 11px; fill: var(--muted); }
        .job-chart .bar-success { fill: #4c9a6a; }
        .job-chart .bar-danger, .job-chart .bar-neutral { stroke: var(--danger); }
        .job-chart .bar-info, .job-chart .bar-warning { fill: #5b9bd5; }
        .job-chart .bar-neutral { stroke: var(--neutral); }
        .job-chart .hatch-bg { fill: var(--danger-bg); }
        .job-chart .hatch-line { stroke: var(--danger); stroke-width: 2; }
        .job-chart .bar-mark { font-size: 12px; fill: var(--danger); font-weight: 700; }
        .job-chart .duration-line { fill: none; stroke: #8250df; stroke-width: 2; }
        .job-chart .duration-dot { fill: #8250df; }
        .job-chart .bar-link:focus rect { stroke: var(--focus); stroke-width: 3; }
        /* Forms */
        .field { margin-bottom: 1rem; }
        .field > label, .field > .label, legend { display: block; font-weight: 600; margin-bottom: .25rem; }
        .required-mark { color: var(--danger); }
        .help { font-size: .85rem; color: var(--muted); margin: .2rem 0 0; }
        .field-error { color: var(--danger); font-size: .9rem; margin: .25rem 0 0; }
        input[type="text"], input[type="password"], input[type="number"], input[type="url"], input[type="search"], input[type="email"], select, textarea {
          font: inherit; width: 100%; max-width: 36rem; padding: .45rem .6rem; border: 1px solid #8c959f; border-radius: 6px; background: #fff; color: var(--fg);
        }
        input[aria-invalid="true"], select[aria-invalid="true"], textarea[aria-invalid="true"] { border-color: var(--danger); border-width: 2px; }
        textarea { min-height: 5rem; }
        input[type="checkbox"], input[type="radio"] { width: 1.1rem; height: 1.1rem; vertical-align: -.15rem; }
        .check { display: flex; gap: .5rem; align-items: flex-start; font-weight: normal; }
        fieldset { border: 1px solid var(--line); border-radius: 8px; padding: .75rem 1rem; margin: 0 0 1rem; }
        fieldset[disabled] { display: none; }
        .choice-options > fieldset { border-style: dashed; }
        .inline-fields { display: flex; flex-wrap: wrap; gap: .75rem; align-items: flex-end; }
        .inline-fields .field { margin-bottom: 0; }
        .js .no-js-only { display: none; }
        .preview { margin-top: .75rem; padding: .75rem 1rem; background: var(--bg); border-radius: 6px; border: 1px solid var(--line); }
        .preview[data-state="error"] { border-color: var(--danger); background: var(--danger-bg); color: var(--danger); }
        .connector-list { list-style: none; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr)); gap: .5rem; }
        .connector-list a { display: block; padding: .6rem .8rem; border: 1px solid var(--line); border-radius: 6px; background: var(--card); text-decoration: none; color: var(--fg); }
        .connector-list a:hover, .connector-list a:focus-visible { border-color: var(--accent); }
        .connector-list .muted { display: block; font-size: .8rem; }
        .progress { display: flex; gap: .75rem; align-items: center; }
        .spinner { display: inline-block; animation: spin 1.2s linear infinite; }
        @keyframes spin { to { transform: rotate(360deg); } }
        @media (prefers-reduced-motion: reduce) { .spinner { animation: none; } }
        code { background: var(--neutral-bg); padding: .05rem .3rem; border-radius: 4px; font-size: .9em; }
        """#
}
