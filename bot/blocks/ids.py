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
# The question before ending with rounds or the reflection still to come (value: "<meeting_id>")
END_NOW = "meeting_end_now"
KEEP_GOING = "meeting_keep_going"

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

# Add to my calendar (value: "<set_id>"): the set's meetings as an .ics in the DM
ADD_TO_CALENDAR = "calendar_add"

# Report-backs (button value: "<meeting_id>")
REPORT_FORM = "report_form"  # opens the form (also "Edit my report")
REPORT_APOLOGIES = "report_apologies"
REPORT_COME_BACK = "report_come_after_all"  # takes the apologies back

# The DM menu, for a message that answers nothing open
DM_MY_ACTIONS = "dm_my_actions"
DM_HELP = "dm_help"
DM_FOR_SET = "dm_answer_for_set"  # value: JSON {"meeting": id, "at": …, "text": the message}

# The facilitator's brief
BRIEF_REMIND = "brief_remind_now"  # value: "meeting:member"
REPORT_FORM_VIEW = "report_form_view"  # callback_id of the form
REPORT_ANSWER = "answer_"  # block_id prefix + question index
REPORT_OUTCOME = "outcome_"  # block_id prefix + action id
REPORT_OUTCOME_TEXT = "happened_"  # block_id prefix + action id: what happened, in words
# The conversation's buttons under one open action (value: "<meeting>:<action>:<choice>")
REPORT_ACTION_OUTCOME = {
    "done": "report_action_done",
    "partly": "report_action_partly",
    "not_done": "report_action_not_done",
    "skip": "report_action_skip",
}

# Reflection (button value: "<meeting_id>" or "<meeting_id>:final")
REFLECT = "reflection_open"
REFLECTION_VIEW = "reflection_form"  # callback_id
REFLECT_ANSWER = "reflect_"  # block_id prefix + question index
REFLECT_RATING = "reflect_rating"
REFLECT_SHARE = "reflect_share"

# Intervene: the coach pauses the turn to ask the whole set (value: "<meeting_id>")
INTERVENE = "meeting_intervene"
INTERVENE_VIEW = "intervene_form"  # callback_id
INTERVENE_TEXT = "intervene_text"

# Starring a question in a turn's thread: message shortcut callback_id
STAR_SHORTCUT = "star_question"

# App Home
HOME_DONE = "home_action_done"  # value: "<action_id>"
HOME_PARTLY = "home_action_partly"
HOME_DROP = "home_action_drop"
HOME_STATUS_ACTIONS = (HOME_DONE, HOME_PARTLY, HOME_DROP)
HOME_NOTE = "home_action_note"  # value: "<action_id>": opens the note form
HOME_EDIT = "home_action_edit"  # value: "<action_id>": opens the edit form
ACTION_EDIT_VIEW = "action_edit_form"  # callback_id; blocks as in the action modal
HOME_UNDO = "home_action_undo"  # value: "<action_change_id>"
NOTE_VIEW = "action_note_form"  # callback_id
NOTE_TEXT = "note_text"
HOME_SHARE = "home_learning_share"  # value: "<learning_id>:1" share, ":0" keep private
HOME_SHARE_NAMED = "home_share_named"  # share a learning with my name (value "id:2")
HOME_PAGE = "home_actions_page"  # value: "<page>" ("Next →")
HOME_PAGE_BACK = "home_actions_page_back"  # value: "<page>" ("← Previous")
HOME_EXPORT = "home_export"  # value: "<set_id>"
HOME_NUDGE = "home_nudge"  # value: "<set_id>:on" | "<set_id>:off"

# /set forget-me confirmation (value: "<set_id>")
FORGET_CONFIRM = "forget_confirm"
FORGET_CANCEL = "forget_cancel"

# Programmes of sets
PROGRAMME_FORM = "programme_form"  # callback_id of the programme modal
PROGRAMME_ORDER = "programme_order"  # Home: sort a programme's sets (value "id:order")
PROGRAMME_PAGE = "programme_page"  # Home: a page of a programme's sets (value "id:page")
PROGRAMME_DIGEST = "programme_digest"  # Home: the weekly digest on/off (value "id:on|off")
FOLLOW_UP_ANSWER = "follow_up_answer"  # the follow-up DM: open its form (value: follow-up id)
FOLLOW_UP_NOT_NOW = "follow_up_not_now"  # the follow-up DM: not now (value: follow-up id)
FOLLOW_UP_VIEW = "follow_up_view"  # callback_id of the follow-up form
