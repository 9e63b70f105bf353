extension Templates {
    /// The schedule editor's fields and its live preview (``ScheduleEditorView``); inside a form.
    static let scheduleEditor = #"""
        <fieldset class="schedule-editor" data-schedule-editor>
          <legend>When it syncs</legend>
          <label class="check" for="schedule-manual"><input type="radio" id="schedule-manual" name="schedule_type" value="manual"{{#isManual}} checked{{/isManual}}> Manual: only when you start a sync</label>
          <label class="check" for="schedule-basic"><input type="radio" id="schedule-basic" name="schedule_type" value="basic"{{#isBasic}} checked{{/isBasic}}> Every so often</label>
          <div class="inline-fields" data-schedule-part="basic">
            <div class="field">
              <label for="schedule-units">Every</label>
              <input id="schedule-units" name="units" type="number" min="1" step="1" value="{{units}}"{{#unitsInvalid}} aria-invalid="true" aria-describedby="schedule-problem"{{/unitsInvalid}}>
            </div>
            <div class="field">
              <label for="schedule-unit">Unit</label>
              <select id="schedule-unit" name="time_unit">{{#unitOptions}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/unitOptions}}</select>
            </div>
          </div>
          <label class="check" for="schedule-cron"><input type="radio" id="schedule-cron" name="schedule_type" value="cron"{{#isCron}} checked{{/isCron}}> Cron expression</label>
          <div class="inline-fields" data-schedule-part="cron">
            <div class="field">
              <label for="schedule-expression">Cron expression</label>
              <input id="schedule-expression" name="cron" type="text" value="{{cron}}" spellcheck="false" autocomplete="off" aria-describedby="schedule-cron-help{{#cronInvalid}} schedule-problem{{/cronInvalid}}"{{#cronInvalid}} aria-invalid="true"{{/cronInvalid}}>
              <p class="help" id="schedule-cron-help">Unix (<code>0 2 * * 1-5</code>) or Quartz (<code>0 0 12 ? * MON-FRI</code>).</p>
            </div>
            <div class="field">
              <label for="schedule-zone">Time zone</label>
              <input id="schedule-zone" name="time_zone" type="text" value="{{timeZone}}" list="time-zones" autocomplete="off"{{#zoneInvalid}} aria-invalid="true" aria-describedby="schedule-problem"{{/zoneInvalid}}>
              <datalist id="time-zones">{{#timeZones}}<option value="{{.}}"></option>{{/timeZones}}</datalist>
            </div>
          </div>
          <div class="preview" id="schedule-preview" role="status" aria-live="polite" data-state="{{#problem}}error{{/problem}}{{^problem}}ok{{/problem}}">
            {{#problem}}<p id="schedule-problem"><span aria-hidden="true">✕</span> <span data-preview-error>{{problem}}</span></p>{{/problem}}
            {{#previewWords}}<p data-preview-words>{{previewWords}}</p>{{/previewWords}}
            {{#hasPreviewRuns}}<p class="small-heading">Next runs</p><ol class="next-runs" data-preview-runs>{{#previewRuns}}<li>{{.}}</li>{{/previewRuns}}</ol>{{/hasPreviewRuns}}
          </div>
        </fieldset>
        """#

    /// The streams editor's table (``StreamsEditorView``); inside a form.
    static let streamsEditor = #"""
        <div class="table-wrap">
        <table class="list streams-editor" id="streams">
          <caption class="visually-hidden">Streams: whether each syncs, and how</caption>
          <thead><tr><th scope="col">Sync</th><th scope="col">Stream</th><th scope="col">Sync mode</th><th scope="col">Cursor</th><th scope="col">Primary key</th></tr></thead>
          <tbody>
          {{#rows}}
            <tr>
              <td>
                <input type="hidden" name="s/{{index}}/name" value="{{name}}">
                <input type="hidden" name="s/{{index}}/namespace" value="{{namespace}}">
                <input type="hidden" name="s/{{index}}/selected" value="false">
                <input type="checkbox" id="stream-{{index}}-selected" name="s/{{index}}/selected" value="true"{{#selected}} checked{{/selected}} aria-label="Sync {{label}}">
              </td>
              <th scope="row"><label for="stream-{{index}}-selected">{{label}}</label></th>
              <td>
                <label class="visually-hidden" for="stream-{{index}}-mode">Sync mode of {{label}}</label>
                <select id="stream-{{index}}-mode" name="s/{{index}}/mode">{{#modes}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/modes}}</select>
              </td>
              <td>
                {{#hasCursorChoice}}
                <label class="visually-hidden" for="stream-{{index}}-cursor">Cursor of {{label}}</label>
                <select id="stream-{{index}}-cursor" name="s/{{index}}/cursor">{{#cursorOptions}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/cursorOptions}}</select>
                {{/hasCursorChoice}}
                {{^hasCursorChoice}}<span class="muted">{{#cursorNote}}{{cursorNote}}{{/cursorNote}}{{^cursorNote}}–{{/cursorNote}}</span>{{/hasCursorChoice}}
              </td>
              <td>
                {{#keyIsSourceDefined}}<span class="muted">source-defined: {{primaryKey}}</span>{{/keyIsSourceDefined}}
                {{^keyIsSourceDefined}}
                <label class="visually-hidden" for="stream-{{index}}-pk">Primary key of {{label}}</label>
                <input id="stream-{{index}}-pk" name="s/{{index}}/pk" type="text" value="{{primaryKey}}" placeholder="id, or a.b, c" spellcheck="false">
                {{/keyIsSourceDefined}}
              </td>
            </tr>
          {{/rows}}
          </tbody>
        </table>
        </div>
        """#
}
