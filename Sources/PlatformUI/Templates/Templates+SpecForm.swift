extension Templates {
    /// One field of a form generated from a spec (``SpecFieldView``), recursive for groups and choices.
    /// Optional values are read with a leading dot so a field never shows its parent's.
    static let specField = #"""
        {{#isText}}
        <div class="field">
          <label for="{{id}}">{{label}}{{#required}}<span class="required-mark" aria-hidden="true"> *</span><span class="visually-hidden"> (required)</span>{{/required}}</label>
          <input id="{{id}}" name="{{name}}" type="{{inputType}}" value="{{value}}"{{#required}} required{{/required}}{{#.pattern}} pattern="{{.}}"{{/.pattern}}{{#.patternTitle}} title="{{.}}"{{/.patternTitle}}{{#.placeholder}} placeholder="{{.}}"{{/.placeholder}}{{#.describedBy}} aria-describedby="{{.}}"{{/.describedBy}}{{#.error}} aria-invalid="true"{{/.error}} autocomplete="off">
          {{>fieldNotes}}
        </div>
        {{/isText}}
        {{#isPassword}}
        <div class="field">
          <label for="{{id}}">{{label}}{{#required}}<span class="required-mark" aria-hidden="true"> *</span><span class="visually-hidden"> (required)</span>{{/required}} <span class="muted small">(secret)</span></label>
          <input id="{{id}}" name="{{name}}" type="password" value=""{{#required}} required{{/required}}{{#.pattern}} pattern="{{.}}"{{/.pattern}}{{#.patternTitle}} title="{{.}}"{{/.patternTitle}}{{#.placeholder}} placeholder="{{.}}"{{/.placeholder}}{{#.describedBy}} aria-describedby="{{.}}"{{/.describedBy}}{{#.error}} aria-invalid="true"{{/.error}} autocomplete="new-password" data-secret{{#secretStored}} data-stored{{/secretStored}}>
          {{>fieldNotes}}
        </div>
        {{/isPassword}}
        {{#isNumber}}
        <div class="field">
          <label for="{{id}}">{{label}}{{#required}}<span class="required-mark" aria-hidden="true"> *</span><span class="visually-hidden"> (required)</span>{{/required}}</label>
          <input id="{{id}}" name="{{name}}" type="number" value="{{value}}"{{#.step}} step="{{.}}"{{/.step}}{{#.min}} min="{{.}}"{{/.min}}{{#.max}} max="{{.}}"{{/.max}}{{#required}} required{{/required}}{{#.describedBy}} aria-describedby="{{.}}"{{/.describedBy}}{{#.error}} aria-invalid="true"{{/.error}}>
          {{>fieldNotes}}
        </div>
        {{/isNumber}}
        {{#isTextarea}}
        <div class="field">
          <label for="{{id}}">{{label}}{{#required}}<span class="required-mark" aria-hidden="true"> *</span><span class="visually-hidden"> (required)</span>{{/required}}</label>
          <textarea id="{{id}}" name="{{name}}" rows="4"{{#required}} required{{/required}}{{#.describedBy}} aria-describedby="{{.}}"{{/.describedBy}}{{#.error}} aria-invalid="true"{{/.error}}>{{value}}</textarea>
          {{>fieldNotes}}
        </div>
        {{/isTextarea}}
        {{#isCheckbox}}
        <div class="field">
          <input type="hidden" name="{{name}}" value="false">
          <label class="check" for="{{id}}"><input id="{{id}}" name="{{name}}" type="checkbox" value="true"{{#checked}} checked{{/checked}}{{#.describedBy}} aria-describedby="{{.}}"{{/.describedBy}}> {{label}}</label>
          {{>fieldNotes}}
        </div>
        {{/isCheckbox}}
        {{#isSelect}}
        <div class="field">
          <label for="{{id}}">{{label}}{{#required}}<span class="required-mark" aria-hidden="true"> *</span><span class="visually-hidden"> (required)</span>{{/required}}</label>
          <select id="{{id}}" name="{{name}}"{{#required}} required{{/required}}{{#.describedBy}} aria-describedby="{{.}}"{{/.describedBy}}{{#.error}} aria-invalid="true"{{/.error}}>
            {{#options}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/options}}
          </select>
          {{>fieldNotes}}
        </div>
        {{/isSelect}}
        {{#isMultiCheck}}
        <fieldset{{#.describedBy}} aria-describedby="{{.}}"{{/.describedBy}}>
          <legend>{{label}}</legend>
          {{#options}}<label class="check" for="{{id}}"><input id="{{id}}" name="{{name}}" type="checkbox" value="{{value}}"{{#selected}} checked{{/selected}}> {{label}}</label>{{/options}}
          {{>fieldNotes}}
        </fieldset>
        {{/isMultiCheck}}
        {{#isGroup}}
        <fieldset{{#.describedBy}} aria-describedby="{{.}}"{{/.describedBy}}>
          <legend>{{label}}</legend>
          {{>fieldNotes}}
          {{#fields}}{{>specField}}{{/fields}}
        </fieldset>
        {{/isGroup}}
        {{#isChoice}}
        <fieldset class="choice" data-choice{{#.describedBy}} aria-describedby="{{.}}"{{/.describedBy}}>
          <legend>{{label}}{{#required}}<span class="required-mark" aria-hidden="true"> *</span><span class="visually-hidden"> (required)</span>{{/required}}</legend>
          {{>fieldNotes}}
          <div class="field inline-fields">
            <div class="field">
              <label for="{{id}}">Kind</label>
              <select id="{{id}}" name="{{name}}" data-choice-select>
                {{#choices}}<option value="{{index}}"{{#selected}} selected{{/selected}}>{{title}}</option>{{/choices}}
              </select>
            </div>
            <button type="submit" name="_switch" value="{{name}}" formnovalidate class="button small no-js-only">Show its settings</button>
          </div>
          <div class="choice-options">
          {{#choices}}
            <fieldset id="{{fieldsetID}}" data-choice-option="{{index}}"{{^selected}} disabled{{/selected}}>
              <legend class="visually-hidden">{{title}}</legend>
              {{#fields}}{{>specField}}{{/fields}}
              {{^fields}}<p class="muted">Nothing to set.</p>{{/fields}}
            </fieldset>
          {{/choices}}
          </div>
        </fieldset>
        {{/isChoice}}
        """#

    /// A field's description and error, tied to it by `aria-describedby`.
    static let fieldNotes = #"""
        {{#.help}}<p class="help" id="{{helpID}}">{{.}}</p>{{/.help}}{{#.error}}<p class="field-error" id="{{errorID}}"><span aria-hidden="true">✕</span> {{.}}</p>{{/.error}}
        """#
}
