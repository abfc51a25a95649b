package com.pixelgram.notification.push;

/** Where the OAuth access token of the push provider's API comes from. */
interface AccessTokenSource {

	/** A token valid for a while yet. */
	String token();

	/** Forgets the current token: the provider refused it. */
	void invalidate();

	/** A fixed token, refreshed by someone else. */
	static AccessTokenSource fixed(String token) {
		return new AccessTokenSource() {
			@Override
			public String token() {
				return token;
			}

			@Override
			public void invalidate() {
			}
		};
	}

}
