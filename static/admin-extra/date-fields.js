/* The admin's time-zone note ("Enter times in the … timezone") only beside a time.
   Django's DateTimeShortcuts adds it to every date input too; a date-only field (a
   handover date, an event's dates) has no time to enter, so there it only misleads.
   A date input counts as part of a date and time when it sits in a `.datetime` group
   (the split widget of publish_at and the like). Patched once every script has run
   (DOMContentLoaded), before DateTimeShortcuts.init, which waits for the load event. */
"use strict";
document.addEventListener("DOMContentLoaded", function () {
    if (typeof DateTimeShortcuts === "undefined") {
        return;
    }
    const addWarning = DateTimeShortcuts.addTimezoneWarning;
    DateTimeShortcuts.addTimezoneWarning = function (inp) {
        if (inp.classList.contains("vDateField") && !inp.closest(".datetime")) {
            inp.removeAttribute("aria-describedby");
            return;
        }
        addWarning.call(this, inp);
    };
});
