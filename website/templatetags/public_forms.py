"""Renders a public form field with its hint and error tied to it for screen readers (WCAG 1.3.1, 3.3.1)."""

from django import forms, template

register = template.Library()


@register.simple_tag
def public_widget(field):
    is_checkbox = isinstance(field.field.widget, forms.CheckboxInput)
    classes = ["form-check-input" if is_checkbox else "form-control"]
    described_by = []
    if field.help_text:
        described_by.append(f"{field.auto_id}-hint")
    if field.errors:
        classes.append("is-invalid")
        described_by.append(f"{field.auto_id}-error")
    attrs = {"class": " ".join(classes)}
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)
