# Paste into the terminal where you run curl. The server must write its e-mails to
# sent-emails/ (the file backend), so that these can read the codes it sends.
register() {      # register NAME: NAME@example.com signs up, and is e-mailed a code
    curl -s -o /dev/null http://127.0.0.1:8000/api/auth/register/ -H "Content-Type: application/json" \
        -d "{\"email\": \"$1@example.com\", \"username\": \"$1\", \"password\": \"Lisbon-Sunrise-42\"}"
}
emailed_code() {  # emailed_code NAME: the last code e-mailed to NAME@example.com
    grep -l "^To: $1@example.com" sent-emails/* | xargs grep -ho "code is [0-9]*" | tail -n 1 | cut -d " " -f 3
}
log_in() {        # log_in NAME: prints a new access token for NAME
    curl -s http://127.0.0.1:8000/api/auth/login/ -H "Content-Type: application/json" \
        -d "{\"email\": \"$1@example.com\", \"password\": \"Lisbon-Sunrise-42\"}" \
        | python -c "import json, sys; print(json.load(sys.stdin)['access'])"
}
sign_up() {       # sign_up NAME: register, verify the address with the e-mailed code, log in
    register "$1"
    curl -s -o /dev/null http://127.0.0.1:8000/api/auth/verify-email/ -H "Content-Type: application/json" \
        -d "{\"email\": \"$1@example.com\", \"code\": \"$(emailed_code "$1")\"}"
    log_in "$1"
}
