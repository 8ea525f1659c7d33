"""Every action_id, block_id and callback_id the bot uses, in one place."""

# Modals
SET_FORM = "set_form"  # callback_id of the create/settings modal
ACTION_FORM = "action_form"  # callback_id of the record-an-action modal

# Control message buttons (value: "<meeting_id>:<version>")
NEXT = "meeting_next"
BACK = "meeting_back"
SKIP = "meeting_skip"
EXTEND = "meeting_extend"
PAUSE = "meeting_pause"
RESUME = "meeting_resume"
END = "meeting_end"
DRIVE_ACTIONS = (NEXT, BACK, SKIP, EXTEND, PAUSE, RESUME, END)

# Check-in buttons (value: "<meeting_id>")
CHECKIN_ISSUE = "checkin_issue"
CHECKIN_NO_ISSUE = "checkin_no_issue"
CHECKIN_APOLOGIES = "checkin_apologies"
CHECKIN_ACTIONS = (CHECKIN_ISSUE, CHECKIN_NO_ISSUE, CHECKIN_APOLOGIES)

# Actions step (value: "<meeting_id>:<presenter>")
ADD_ACTION = "action_add"

# Blocks of the action modal
ACTION_TEXT = "action_text"
ACTION_DUE = "action_due"
ACTION_EXPECT = "action_expect"

# Report-backs (button value: "<meeting_id>")
REPORT_FORM = "report_form"  # opens the form (also "Edit my report")
REPORT_APOLOGIES = "report_apologies"
REPORT_FORM_VIEW = "report_form_view"  # callback_id of the form
REPORT_ANSWER = "answer_"  # block_id prefix + question index
REPORT_OUTCOME = "outcome_"  # block_id prefix + action id
