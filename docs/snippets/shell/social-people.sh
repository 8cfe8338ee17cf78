profile() {  # profile TOKEN JSON: change the profile of the person the token belongs to
    curl -s -o /dev/null -X PATCH http://127.0.0.1:8000/api/users/me/ -H "Authorization: Bearer $1" \
        -H "Content-Type: application/json" -d "$2"
}
follow() {   # follow TOKEN USERNAME: the token's owner follows USERNAME
    curl -s -o /dev/null -X POST "http://127.0.0.1:8000/api/users/$2/follow/" -H "Authorization: Bearer $1"
}
export ACCESS=$(sign_up ann) BOB=$(sign_up bob) CAT=$(sign_up cat) \
       DAN=$(sign_up dan) EVE=$(sign_up eve) FAY=$(sign_up fay)
profile "$ACCESS" '{"display_name": "Ann Lee", "is_private": false}'
profile "$BOB" '{"display_name": "Bob Hannigan"}'
profile "$CAT" '{"display_name": "Cat Moreau"}'
profile "$DAN" '{"display_name": "Dan Novak"}'
profile "$EVE" '{"display_name": "Eve Santos"}'
profile "$FAY" '{"display_name": "Fay Okafor"}'
